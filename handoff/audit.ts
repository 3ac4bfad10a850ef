/**
 * The staff audit trail: every staff action (claim, reply, note, resolve, return, teach, list) and every refused
 * attempt, with who, what and when, in one capped Redis list (newest first). The admin page and
 * `GET /admin/api/audit` show it.
 *
 * Key: `<prefix>:handoff:audit` (one list; LPUSH + LTRIM in one MULTI, so it never grows past `limit`).
 */
import type Redis from 'ioredis';
import type { Logger } from '../core/log';

export interface AuditEntry {
  at: string;
  /** The staff member (platform id) and their name, as the desk reported them. */
  who: { id: string; name?: string };
  /** claim, reply, note, resolve, resolve_forced, return, teach, list, refused… */
  action: string;
  handoffId?: string;
  /** `done`, `refused`, or the reason nothing happened. */
  outcome: string;
  detail?: string;
}

export class AuditLog {
  readonly key: string;
  constructor(
    private readonly redis: Redis,
    base: string,
    private readonly limit = 1000,
    private readonly logger?: Logger,
  ) {
    this.key = `${base}:audit`;
  }

  async record(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void> {
    const stored: AuditEntry = { ...entry, at: (entry.at ?? new Date()).toISOString() };
    this.logger?.info('staff.audit', { ...stored });
    try {
      await this.redis.multi().lpush(this.key, JSON.stringify(stored)).ltrim(this.key, 0, this.limit - 1).exec();
    } catch (error) {
      // The action itself has happened; a lost audit line is logged above and must not undo it.
      this.logger?.warn('staff.audit_write_failed', { error });
    }
  }

  /** Newest first. */
  async recent(count = 100): Promise<AuditEntry[]> {
    const raw = await this.redis.lrange(this.key, 0, Math.max(0, Math.min(count, this.limit) - 1));
    return raw.map((line) => JSON.parse(line) as AuditEntry);
  }
}
