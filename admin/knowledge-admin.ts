/**
 * Managing the knowledge base without a restart: validate a draft, replace it (an invalid replacement is refused
 * with its problems while the current one keeps serving), import the KB file again (reload), roll back, and learn
 * from staff (attach a customer's question to an entry as a new example, after a preview of what it changes).
 *
 * The KB lives in Redis, versioned (./kb-store.ts): every write goes to Redis first (optimistic: a lost race is
 * retried on the new current version), then is published; every replica loads the new version from Redis (on the
 * message, and by a periodic check in case one was missed), so replicas need no shared disk. The KB file is the
 * import/export: imported on the first start and on reload; rewritten after each change while it still matches
 * the version served before it (a file edited by hand is never overwritten: reload imports it).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type Redis from 'ioredis';
import { Answerer, emptyMemory } from '../core/answerer';
import { KnowledgeBaseError, type KnowledgeBase, type KnowledgeBaseProblem } from '../core/knowledge-base';
import type { Logger } from '../core/log';
import type { SupportCore } from '../core/support-core';
import type { AuditLog } from '../handoff/audit';
import { formatOf, KbStore, openKnowledgeBase, parseVersion, readFileIfPresent, type KbFormat, type KbVersion } from './kb-store';
import { teach, type TeachOptions, type TeachResult, type TeachPlans } from './kb-teach';
import { lintKnowledgeBase, type LintIssue } from './kb-lint';

export interface KnowledgeAdminOptions {
  core: SupportCore;
  /** The KB file (KB_FILE): imported on the first start and on reload, rewritten as an export after changes. */
  file: string;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Called after a new knowledge base is in use (e.g. to rebuild the LLM's embeddings). */
  onChange?: (kb: KnowledgeBase) => void;
  /** Teaching is audited here (who taught what, confirmed over which conflicts). */
  audit?: Pick<AuditLog, 'record'>;
  /** What bin/start.ts already loaded with openKnowledgeBase (the core serves it): start() does not load it again. */
  initial?: KbVersion;
  /** Fallback check for a newer version, in case a pub/sub message was missed. Default 10 s. */
  refreshMs?: number;
}

/** Training longer than this is logged as a warning: a pause customers and platforms (Slack's 3 s ack) can feel. */
const SLOW_TRAINING_MS = 2000;

export type ValidationResult = { ok: true; entries: number; revision?: number; unchanged?: boolean } | { ok: false; problems: KnowledgeBaseProblem[] };

export class KnowledgeAdmin {
  readonly store: KbStore;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private served?: KbVersion;
  private loading?: Promise<void>;
  private following: Promise<void> = Promise.resolve();
  /** Candidates trained by a preview, reused when the same teach is confirmed (./kb-teach.ts). */
  readonly plans: TeachPlans = new Map();

  constructor(private readonly options: KnowledgeAdminOptions) {
    this.store = new KbStore(options.redis, options.keyPrefix);
    this.served = options.initial;
  }

  /** Load the served KB (importing KB_FILE on the first start) and follow changes made by other replicas. */
  async start(): Promise<void> {
    await this.ready();
    this.subscriber = this.options.redis.duplicate();
    this.subscriber.on('message', (_topic, revision) => void this.follow(`revision ${revision} published`));
    this.subscriber.on('error', (error) => this.options.logger.warn('kb.subscriber_error', { error }));
    await this.subscriber.subscribe(this.store.topic);
    this.timer = setInterval(() => void this.follow('periodic check'), this.options.refreshMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
  }

  get current(): KnowledgeBase {
    return this.options.core.knowledgeBase;
  }

  /** The served version's number (0 before start). */
  get revision(): number {
    return this.served?.revision ?? 0;
  }

  /** The served version: text, revision, who wrote it and when. */
  async version(): Promise<KbVersion> {
    await this.ready();
    return this.served!;
  }

  /** The served knowledge base's text, as the admin wrote it. */
  text(): string {
    return this.served?.text ?? readFileSync(this.options.file, 'utf8');
  }

  get format(): KbFormat {
    return this.served?.format ?? formatOf(this.options.file);
  }

  /** The entry the bot would most likely answer `question` with today (the teach picker preselects it). */
  bestGuess(question: string): string | undefined {
    const { decision } = this.options.core.answerer.decide({ text: question.slice(0, 2000) }, emptyMemory());
    const ids = decision.kind === 'answer' ? [decision.entryId, ...decision.candidates.map((c) => c.entryId)] : decision.kind === 'clarify' ? [...decision.entryIds, ...decision.candidates.map((c) => c.entryId)] : [];
    const teachable = new Set(this.current.entries.filter((e) => !e.handoff).map((e) => e.id));
    return ids.find((id) => teachable.has(id));
  }

  validate(text: string, format = this.format): ValidationResult {
    try {
      return { ok: true, entries: parseVersion({ revision: 0, text, format }).entries.length };
    } catch (error) {
      if (error instanceof KnowledgeBaseError) return { ok: false, problems: error.problems };
      throw error;
    }
  }

  /**
   * What in a knowledge base makes the bot unsure or wrong (see kb-lint.ts): the one in use, or a draft `text`
   * (which must be valid first). Trains a matcher per fold: about a second for the demo KB, in this process.
   */
  lint(text?: string, format = this.format): { ok: true; issues: LintIssue[] } | { ok: false; problems: KnowledgeBaseProblem[] } {
    if (text === undefined) return { ok: true, issues: lintKnowledgeBase(this.current.entries) };
    const valid = this.validate(text, format);
    if (!valid.ok) return valid;
    return { ok: true, issues: lintKnowledgeBase(parseVersion({ revision: 0, text, format }).entries) };
  }

  /**
   * Replace the knowledge base with `text`; refused with its problems when invalid (the current one keeps
   * serving). With `expectedRevision` (the version the admin edited), refused when someone changed it since.
   */
  async replace(text: string, by = 'admin', expectedRevision?: number, format = this.format): Promise<ValidationResult> {
    const result = this.validate(text, format);
    if (!result.ok) return result;
    await this.ready();
    const written = await this.store.update(by, (current) =>
      expectedRevision !== undefined && (current?.revision ?? 0) !== expectedRevision
        ? { ok: false as const, problems: [{ field: 'revision', message: `the knowledge base changed since revision ${expectedRevision} (now ${current?.revision ?? 0}); load it again and redo the edit` }] }
        : { text, format },
      this.revision,
    );
    if (!written.ok) return written;
    await this.publishAndUse(written.version, `changed by ${by}`);
    return { ...result, revision: written.version.revision, unchanged: written.unchanged };
  }

  /** `kb reload`: import the KB file (after editing it by hand) as a new version; an invalid file is refused. */
  async reload(why = 'reload requested', by = 'admin'): Promise<ValidationResult> {
    await this.ready();
    const imported = await this.store.importFile(this.options.file, `${by} (import of ${this.options.file})`, this.revision);
    if (!imported.ok) {
      this.options.logger.error('kb.reload_refused', { file: this.options.file, problems: imported.problems.length, why });
      return imported;
    }
    await this.publishAndUse(imported.version, why, () => new Answerer(imported.kb));
    return { ok: true, entries: imported.kb.entries.length, revision: imported.version.revision, unchanged: imported.unchanged };
  }

  /** Stored versions, newest first (without their text). */
  history(): Promise<Omit<KbVersion, 'text'>[]> {
    return this.store.history();
  }

  /** Serve an earlier version again, as a new version (the history keeps the last few). */
  async rollback(revision: number, by = 'admin'): Promise<ValidationResult> {
    const version = await this.store.version(revision);
    if (!version) return { ok: false, problems: [{ field: 'revision', message: `revision ${revision} is not in the history (the last ${(await this.history()).length} are kept)` }] };
    return this.replace(version.text, `${by} (rollback to revision ${revision})`, undefined, version.format);
  }

  /**
   * Learn from staff: the customer's question becomes a new example of an entry. Refused, with the conflicts, when
   * it would change how the KB's own examples are answered, unless `confirm`; `preview` only says what changes.
   */
  async learn(entryId: string, question: string, by = 'staff', options: TeachOptions = {}): Promise<TeachResult> {
    await this.ready();
    await this.follow('before teaching');
    return teach(this.teachDeps(), entryId, question, by, options);
  }

  private teachDeps() {
    return {
      served: () => this.served!,
      answerer: () => this.options.core.answerer,
      store: this.store,
      plans: this.plans,
      logger: this.options.logger,
      audit: this.options.audit,
      use: (version: KbVersion, why: string, answerer: () => Answerer) => this.publishAndUse(version, why, answerer),
    };
  }

  private ready(): Promise<void> {
    if (this.served) return Promise.resolve();
    this.loading ??= openKnowledgeBase(this.store, this.options.file, this.options.logger).then(
      ({ version, kb }) => this.use(version, 'start-up', () => new Answerer(kb), false),
      (error) => {
        this.loading = undefined; // e.g. an invalid file on the first start: the next call tries again
        throw error;
      },
    );
    return this.loading;
  }

  /** Catch up with Redis when another replica wrote a newer version (one check at a time). */
  private follow(why: string): Promise<void> {
    this.following = this.following
      .then(async () => {
        if (!this.served || (await this.store.revision()) <= this.served.revision) return;
        const version = (await this.store.current())!;
        this.use(version, why, () => new Answerer(parseVersion(version)));
      })
      .catch((error) => this.options.logger.error('kb.load_failed', { error, why }));
    return this.following;
  }

  private async publishAndUse(version: KbVersion, why: string, answerer = () => new Answerer(parseVersion(version))): Promise<void> {
    this.use(version, why, answerer);
    await this.store.publish(version.revision);
  }

  /** Serve `version` unless a newer one already is (never backwards); train only when the content changed. */
  private use(version: KbVersion, why: string, answerer: () => Answerer, exportFile = true): void {
    const previous = this.served;
    if (previous && version.revision <= previous.revision) return;
    this.served = version;
    const changed = previous ? previous.text !== version.text : parseVersion(version).version !== this.current.version;
    // Training runs on this process's event loop: the time it took is time this replica answered nobody.
    const started = performance.now();
    if (changed) {
      this.options.core.useAnswerer(answerer());
      this.options.onChange?.(this.current);
    }
    const trainedMs = Math.round(performance.now() - started);
    this.options.logger.info('kb.in_use', { revision: version.revision, by: version.by, at: version.at, entries: this.current.entries.length, version: this.current.version, why, trained_ms: changed ? trainedMs : 0 });
    if (trainedMs >= SLOW_TRAINING_MS) {
      this.options.logger.warn('kb.training_slow', { trained_ms: trainedMs, entries: this.current.entries.length, note: 'this replica answered no message while it trained, and every replica trains each new version' });
    }
    if (exportFile && previous) this.exportFile(previous.text, version);
  }

  /** Write the version to KB_FILE (atomically) while the file still holds what was served before, or is missing. */
  private exportFile(previousText: string, version: KbVersion): void {
    const { file, logger } = this.options;
    if (formatOf(file) !== version.format) return;
    const onDisk = readFileIfPresent(file);
    if (onDisk === version.text) return;
    if (onDisk !== undefined && onDisk !== previousText) {
      logger.warn('kb.export_skipped', { file, revision: version.revision, why: 'the file was edited by hand since the last export', how: 'import it with kb reload, or delete it to get the current version written' });
      return;
    }
    try {
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, version.text);
      renameSync(temporary, file);
    } catch (error) {
      logger.warn('kb.export_failed', { file, revision: version.revision, error });
    }
  }
}
