/**
 * Who is staff in Slack: the members of the staff channel (SLACK_STAFF_CHANNEL, `conversations.members`), or,
 * when SLACK_STAFF_GROUP is set, the members of that user group (`usergroups.users.list`). The list is cached
 * briefly (default 60 s), so a click costs no Slack call, and someone removed from the channel loses staff rights
 * within that time. A lookup that fails refuses (fail closed) and is logged.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log';
import { ACTION_CLAIM, ACTION_RESOLVE, ACTION_RESOLVE_CONFIRM, ACTION_RETURN, ACTION_TEACH } from './staff';
import { TEACH_VIEW } from './teaching';

export interface StaffDirectoryOptions {
  client: WebClient;
  staffChannel: string;
  /** User group id (S…): when set, its members are staff instead of the channel's. */
  staffGroup?: string;
  logger: Logger;
  /** How long a fetched member list is trusted. Default 60 s. */
  cacheMs?: number;
  now?: () => number;
}

export class SlackStaffDirectory {
  private cached?: { members: Set<string>; at: number };
  private pending?: Promise<Set<string>>;

  constructor(private readonly options: StaffDirectoryOptions) {}

  /** The rule, for messages: who counts as staff. */
  describe(): string {
    return this.options.staffGroup ? `members of the user group ${this.options.staffGroup}` : `members of the staff channel <#${this.options.staffChannel}>`;
  }

  async isStaff(userId: string): Promise<boolean> {
    if (!userId) return false;
    try {
      return (await this.members()).has(userId);
    } catch (error) {
      this.options.logger.warn('slack.staff_lookup_failed', { error, rule: this.describe() });
      return false;
    }
  }

  private async members(): Promise<Set<string>> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.at < (this.options.cacheMs ?? 60_000)) return this.cached.members;
    // Concurrent clicks share one lookup.
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    const members = await this.pending;
    this.cached = { members, at: now };
    return members;
  }

  private async fetch(): Promise<Set<string>> {
    const { client, staffGroup, staffChannel } = this.options;
    if (staffGroup) {
      const result = await client.usergroups.users.list({ usergroup: staffGroup });
      if (!result.ok) throw new Error(`usergroups.users.list failed: ${result.error}`);
      return new Set(result.users ?? []);
    }
    const members = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await client.conversations.members({ channel: staffChannel, limit: 1000, ...(cursor ? { cursor } : {}) });
      if (!result.ok) throw new Error(`conversations.members failed: ${result.error}`);
      for (const id of result.members ?? []) members.add(id);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return members;
  }
}

/** Button action ids, slash commands and modal callbacks only staff may use. */
export const STAFF_ACTION_IDS = new Set([ACTION_CLAIM, ACTION_RETURN, ACTION_RESOLVE, ACTION_RESOLVE_CONFIRM, ACTION_TEACH]);
export const STAFF_COMMANDS = new Set(['/resolve', '/handoffs']);
export const STAFF_VIEWS = new Set([TEACH_VIEW]);

export const NOT_STAFF_TEXT = 'Sorry, only support staff can do that.';

interface GuardBody {
  type?: string;
  command?: string;
  user_id?: string;
  channel_id?: string;
  user?: { id?: string };
  channel?: { id?: string };
  actions?: { action_id?: string; value?: string }[];
  view?: { callback_id?: string; private_metadata?: string };
  event?: { type?: string; channel?: string; user?: string; thread_ts?: string; ts?: string; bot_id?: string; subtype?: string };
}

/**
 * One Bolt middleware in front of every staff handler (./staff.ts, ./teaching.ts): a staff button, command, modal
 * or thread reply from someone who is not staff is refused with an ephemeral message, audited, and never reaches
 * its handler. Customer-side traffic (./customers.ts) passes untouched.
 */
export function guardStaffOnly(app: App, directory: SlackStaffDirectory, staffChannel: string, audit: (who: string, action: string, target?: string) => Promise<void>): void {
  app.use(async (args) => {
    const body = args.body as GuardBody;
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    const client = args.client;
    const check = staffCheckOf(body, staffChannel);
    if (!check || (await directory.isStaff(check.user))) {
      await args.next();
      return;
    }
    await audit(check.user, check.action, check.target);
    if (body.type === 'view_submission') {
      await ack?.({ response_action: 'errors', errors: { entry: NOT_STAFF_TEXT } });
      return;
    }
    if (body.command) {
      await ack?.({ response_type: 'ephemeral', text: `${NOT_STAFF_TEXT} Staff are ${directory.describe()}.` });
      return;
    }
    await ack?.();
    if (check.channel) await client.chat.postEphemeral({ channel: check.channel, user: check.user, text: `${NOT_STAFF_TEXT} Staff are ${directory.describe()}.` }).catch(() => undefined);
  });
}

function staffCheckOf(body: GuardBody, staffChannel: string): { user: string; action: string; target?: string; channel?: string } | undefined {
  if (body.type === 'block_actions') {
    const action = body.actions?.find((a) => a.action_id && STAFF_ACTION_IDS.has(a.action_id));
    if (action) return { user: body.user?.id ?? '', action: `button:${action.action_id}`, target: action.value, channel: body.channel?.id };
    return undefined;
  }
  if (body.type === 'view_submission' && body.view?.callback_id && STAFF_VIEWS.has(body.view.callback_id)) {
    return { user: body.user?.id ?? '', action: `view:${body.view.callback_id}`, target: body.view.private_metadata };
  }
  if (body.command && STAFF_COMMANDS.has(body.command)) return { user: body.user_id ?? '', action: `command:${body.command}`, channel: body.channel_id };
  const event = body.event;
  if (body.type === 'event_callback' && event?.type === 'message' && event.channel === staffChannel && event.thread_ts && event.thread_ts !== event.ts && event.user && !event.bot_id && !event.subtype) {
    return { user: event.user, action: 'thread_reply', channel: event.channel };
  }
  return undefined;
}
