/**
 * A Slack user's name, looked up once with `users.info` and cached for the life of the process (names rarely
 * change, and a lookup per message would hit Slack's rate limits). Used by the customer side and the staff side.
 * A failed lookup is logged with the fix (the users:read scope) and falls back to the name Slack sent with the
 * event, or the user id; failures are not cached, so the next message tries again.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log';

export interface SlackUserNamesOptions {
  logger: Logger;
  /**
   * Which profile name comes first: `display` (the short name a person chose: what customers are called) or
   * `real` (the full name: how staff are shown to customers and colleagues). Both fall back to the other names.
   */
  prefer: 'display' | 'real';
}

export class SlackUserNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly options: SlackUserNamesOptions) {}

  async nameOf(client: WebClient, userId: string, fallback?: string): Promise<string> {
    const cached = this.names.get(userId);
    if (cached) return cached;
    try {
      const info = await client.users.info({ user: userId });
      const profile = info.user?.profile;
      const preferred = this.options.prefer === 'display' ? profile?.display_name : profile?.real_name;
      const name = preferred || info.user?.real_name || info.user?.name || fallback || userId;
      this.names.set(userId, name);
      return name;
    } catch (error) {
      this.options.logger.warn('slack.user_lookup_failed', { user: userId, error, fix: 'give the bot the users:read scope' });
      return fallback || userId;
    }
  }
}
