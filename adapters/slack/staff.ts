/**
 * The staff side of Slack: pages in the staff channel (Block Kit), Claim / Return to bot / Resolve buttons,
 * two-way relay through the page's thread, `/resolve` and `/handoffs`. It only translates between Slack and
 * `StaffActions`; the rules (one winner, `note:`, ratings) live in handoff/.
 */
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import { formatDuration as formatDurationIn } from '../../core/i18n/format';
/** Staff read English. */
const formatDuration = (seconds: number) => formatDurationIn('en', seconds);
import type { TranscriptLine } from '../../core/types';
import { customerLanguageLine, customerLeftQueueLine, reasonLabel } from '../../core/i18n/staff';
import type { PageRef, PageView, ReminderLevel, StaffDesk, StaffMember } from '../../handoff/desk';
import type { HandoffRecord } from '../../handoff/records';
import { REASON_LABELS, describeLine } from '../../handoff/relay';
import type { StaffActions } from '../../handoff/staff-actions';
import { PermanentError } from '../../core/errors';
import { SlackUserNames } from './users';
import { decodeSlackText } from './mrkdwn';
import { classify } from './customers';

export const ACTION_CLAIM = 'handoff_claim';
export const ACTION_RETURN = 'handoff_return';
export const ACTION_RESOLVE = 'handoff_resolve';
/** "No reply was sent to the customer — resolve anyway?": the ephemeral's confirm button. */
export const ACTION_RESOLVE_CONFIRM = 'handoff_resolve_confirm';
/** On a resolved page: attach the customer's question to a KB entry (handled by ./teaching.ts). */
export const ACTION_TEACH = 'handoff_teach';
/** Slack message metadata marking our posts, so a restarted worker can find a page it posted before a crash. */
const METADATA_EVENT = 'handoff_post';

/**
 * One thread post's text at most. Slack refuses `text` over 40,000 characters (`msg_too_long`) and shows only about
 * 4,000 well; a customer line may be 20,000 characters (10 × the longest message): it is posted in parts of this size.
 */
export const THREAD_POST_CHARS = 3900;

/**
 * A Slack platform error retrying cannot fix (`msg_too_long`, `channel_not_found`, `not_in_channel`,
 * `invalid_blocks`…): a `PermanentError`, so the paging job and the relay give up at once and log it instead of
 * retrying (and storing) the same post again.
 */
export class SlackPermanentError extends PermanentError {
  constructor(
    readonly method: string,
    readonly code: string,
  ) {
    super(`Slack ${method} failed: ${code} (permanent, not retried)`);
    this.name = 'SlackPermanentError';
  }
}

/** Run a Slack call; a permanent platform error becomes a `SlackPermanentError` naming the method and code. */
async function slackCall<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!classify(error).permanent) throw error;
    const e = error as { data?: { error?: unknown }; statusCode?: unknown };
    throw new SlackPermanentError(method, typeof e.data?.error === 'string' ? e.data.error : `HTTP ${String(e.statusCode ?? '?')}`);
  }
}

/** Cut escaped mrkdwn into parts of at most `max` characters, at a line break or space when one is near, never inside an `&…;` entity. */
export function splitForSlack(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut);
    if (amp > cut - 6 && !rest.slice(amp, cut).includes(';')) cut = amp;
    const soft = Math.max(rest.lastIndexOf('\n', cut), rest.lastIndexOf(' ', cut));
    if (soft > cut - 200 && soft > 0) cut = soft;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  parts.push(rest);
  return parts;
}

export interface SlackStaffDeskOptions {
  client: WebClient;
  staffChannel: string;
  /** User group id (S…) to mention on re-pages; default `@here`. */
  pageGroup?: string;
}

export class SlackStaffDesk implements StaffDesk {
  constructor(private readonly options: SlackStaffDeskOptions) {}

  async postPage(page: PageView): Promise<PageRef> {
    const result = await slackCall('chat.postMessage', () =>
      this.options.client.chat.postMessage({
        channel: this.options.staffChannel,
        text: pageFallbackText(page),
        blocks: pageBlocks(page),
        metadata: { event_type: METADATA_EVENT, event_payload: { handoff_id: page.handoffId, kind: 'page' } },
        unfurl_links: false,
      }),
    );
    return refOf(result, 'chat.postMessage');
  }

  async findPosted(handoffId: string, kind: 'page' | ReminderLevel, since: Date, thread?: PageRef): Promise<PageRef | undefined> {
    const { client, staffChannel } = this.options;
    // A minute of slack for clock differences between our hosts and Slack.
    const oldest = String(Math.floor(since.getTime() / 1000) - 60);
    const result = thread
      ? await client.conversations.replies({ channel: thread.channel, ts: thread.ts, oldest, include_all_metadata: true, limit: 200 })
      : await client.conversations.history({ channel: staffChannel, oldest, include_all_metadata: true, limit: 200 });
    const found = (result.messages ?? []).find((message) => {
      const payload = (message as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
      return payload?.event_type === METADATA_EVENT && payload.event_payload?.handoff_id === handoffId && payload.event_payload?.kind === kind;
    });
    return found?.ts ? { channel: thread?.channel ?? staffChannel, ts: found.ts } : undefined;
  }

  async postReminder(page: PageRef, view: PageView, level: ReminderLevel): Promise<PageRef> {
    const waiting = formatDuration((Date.now() - view.queuedAt.getTime()) / 1000);
    const who = `*${escape(view.customerName)}* (${view.platform})`;
    const text =
      level === 'repage'
        ? `${this.options.pageGroup ? `<!subteam^${this.options.pageGroup}>` : '<!here>'} Still nobody on it: ${who} has been waiting ${waiting}. Press *Claim* on the page above.`
        : `<!channel> :rotating_light: Escalation: ${who} has been waiting ${waiting} and nobody has claimed it.`;
    const result = await slackCall('chat.postMessage', () =>
      this.options.client.chat.postMessage({
        channel: page.channel,
        thread_ts: page.ts,
        // The escalation also shows in the channel itself: louder than a thread reply.
        reply_broadcast: level === 'escalate',
        text,
        metadata: { event_type: METADATA_EVENT, event_payload: { handoff_id: view.handoffId, kind: level } },
      }),
    );
    return refOf(result, 'chat.postMessage');
  }

  async updatePage(page: PageRef, view: PageView): Promise<void> {
    await slackCall('chat.update', () => this.options.client.chat.update({ channel: page.channel, ts: page.ts, text: pageFallbackText(view), blocks: pageBlocks(view) }));
  }

  async postCustomerLine(page: PageRef, line: TranscriptLine): Promise<void> {
    // A long line (up to 20,000 characters) goes in parts Slack accepts, in order; a permanent error stops at once.
    const who = `*${escape(line.name || 'Customer')}:* `;
    const parts = splitForSlack(escape(line.text), THREAD_POST_CHARS - Math.min(who.length, 200));
    for (const [i, part] of parts.entries()) {
      const text = i === 0 ? truncate(who, 200) + part : part;
      await slackCall('chat.postMessage', () => this.options.client.chat.postMessage({ channel: page.channel, thread_ts: page.ts, text }));
    }
  }

  /** The handoff whose page this message is, from our message metadata (when Redis lost the thread's mapping). */
  async pageHandoffId(page: PageRef): Promise<string | undefined> {
    const result = await this.options.client.conversations.replies({ channel: page.channel, ts: page.ts, limit: 1, include_all_metadata: true });
    const parent = (result.messages ?? []).find((m) => m.ts === page.ts) as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } } | undefined;
    const payload = parent?.metadata?.event_type === METADATA_EVENT ? parent.metadata.event_payload : undefined;
    return payload?.kind === 'page' && typeof payload.handoff_id === 'string' ? payload.handoff_id : undefined;
  }

  /** A staff-only line in the page's thread ("⚠️ not delivered to the customer: …"). */
  async postNotice(page: PageRef, text: string): Promise<void> {
    await slackCall('chat.postMessage', () => this.options.client.chat.postMessage({ channel: page.channel, thread_ts: page.ts, text: truncate(escape(text), THREAD_POST_CHARS) }));
  }
}

function refOf(result: { ok?: boolean; channel?: string; ts?: string; error?: string }, method: string): PageRef {
  if (!result.channel || !result.ts) throw new Error(`Slack ${method} returned no channel/ts (${result.error ?? 'no error given'}); check SLACK_STAFF_CHANNEL and that the bot is in it.`);
  return { channel: result.channel, ts: result.ts };
}

export function pageFallbackText(page: PageView): string {
  // Slack parses the fallback text too: a display name like `<!channel>` must be shown, never acted on.
  page = { ...page, customerName: escape(page.customerName) };
  if (page.status === 'withdrawn') return `${customerLeftQueueLine(page.customerName)} (${page.platform})`;
  if (page.status === 'follow_up') return `Follow-up: ${page.customerName} (${page.platform}) ${followUpLabel(page)}`;
  if (page.status === 'claimed' && page.agent) return `Claimed by @${page.agent.name}: ${page.customerName} (${page.platform})`;
  if (page.status === 'resolved' || page.status === 'returned') return `${page.status === 'resolved' ? 'Resolved' : 'Returned to the bot'}: ${page.customerName} (${page.platform})`;
  return `${page.customerName} on ${page.platform} needs a person: ${REASON_LABELS[page.reason] ?? page.reason}`;
}

export function pageBlocks(page: PageView): KnownBlock[] {
  const since = Math.floor(page.queuedAt.getTime() / 1000);
  const reason = REASON_LABELS[page.reason] ?? page.reason;
  const detail = page.detail && page.detail !== reason ? ` (${escape(page.detail)})` : '';
  const blocks: KnownBlock[] = [
    page.followUp
      ? { type: 'section', text: { type: 'mrkdwn', text: `:envelope: Follow-up: *${escape(page.customerName)}* on *${page.platform}* ${escape(followUpLabel(page))}` } }
      : { type: 'section', text: { type: 'mrkdwn', text: `:wave: *${escape(page.customerName)}* on *${page.platform}* needs a person` } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Reason*\n${escape(page.followUp ? followUpLabel(page) : reason)}${page.followUp ? '' : detail}` },
        { type: 'mrkdwn', text: `*Waiting since*\n<!date^${since}^{date_short_pretty} {time}|${page.queuedAt.toISOString()}>` },
        ...(page.customerLanguage ? [{ type: 'mrkdwn' as const, text: `*Language*\n${escape(customerLanguageLine(page.customerLanguage))}` }] : []),
      ],
    },
  ];
  if (page.transcript.length > 0) {
    const quoted = page.transcript.map((line) => `> ${escape(describeLine(line)).replace(/\n/g, '\n> ')}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Last messages*\n${truncate(quoted, 2900)}` } });
  }
  if (page.status === 'waiting') {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION_CLAIM, text: { type: 'plain_text', text: 'Claim' }, style: 'primary', value: page.handoffId },
        { type: 'button', action_id: ACTION_RETURN, text: { type: 'plain_text', text: 'Return to bot' }, value: page.handoffId },
      ],
    });
  } else if (page.status === 'follow_up') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ':envelope: Reply in the thread: the customer gets your answer in their app. Start with `note:` to keep a message among staff.' }] });
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: ACTION_RESOLVE, text: { type: 'plain_text', text: 'Resolve' }, style: 'primary', value: page.handoffId }] });
  } else if (page.status === 'withdrawn') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:leftwards_arrow_with_hook: Customer left the queue: ${escape(customerLeftQueueLine(page.customerName))}` }] });
  } else if (page.status === 'claimed') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: Claimed by <@${page.agent?.id}>. Reply in the thread to talk to the customer; start with \`note:\` to keep a message among staff.` }] });
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION_RESOLVE, text: { type: 'plain_text', text: 'Resolve' }, style: 'primary', value: page.handoffId },
        { type: 'button', action_id: ACTION_RETURN, text: { type: 'plain_text', text: 'Return to bot' }, value: page.handoffId },
      ],
    });
  } else {
    const verb = page.status === 'resolved' ? 'Resolved' : 'Returned to the bot';
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${verb}${page.closedBy ? ` by <@${page.closedBy.id}>` : ''}.` }] });
    if (page.status === 'resolved') {
      blocks.push({
        type: 'actions',
        elements: [{ type: 'button', action_id: ACTION_TEACH, text: { type: 'plain_text', text: 'Teach the bot' }, value: page.handoffId }],
      });
    }
  }
  return blocks;
}

export interface StaffHandlersOptions {
  app: App;
  actions: StaffActions;
  staffChannel: string;
  /** For event de-duplication: Slack retries an event it thinks we missed, for up to about 5 minutes. */
  redis: Redis;
  dedupePrefix: string;
  logger: Logger;
}

/** Register the staff handlers on the shared Bolt app. */
export function registerStaffHandlers(options: StaffHandlersOptions): void {
  const { app, actions, logger } = options;
  const names = new SlackUserNames({ logger, prefer: 'real' });

  const staffMember = async (client: WebClient, userId: string, fallback?: string): Promise<StaffMember> => ({ id: userId, name: await names.nameOf(client, userId, fallback) });
  const tell = async (client: WebClient, channel: string | undefined, user: string, text: string) => {
    if (!channel) return;
    await client.chat.postEphemeral({ channel, user, text });
  };

  app.action(ACTION_CLAIM, async ({ ack, body, action, client }) => {
    await ack();
    const handoffId = 'value' in action ? String(action.value) : '';
    const user = body.user;
    const channel = 'channel' in body ? body.channel?.id : undefined;
    const outcome = await actions.claim(handoffId, await staffMember(client, user.id, 'name' in user ? user.name : undefined));
    if (outcome.won) return;
    if (outcome.status === 'claimed' && outcome.by) {
      await tell(client, channel, user.id, outcome.by.id === user.id ? 'You already have this conversation.' : `Already claimed by <@${outcome.by.id}>.`);
    } else {
      await tell(client, channel, user.id, `This conversation is already ${outcome.status === 'missing' ? 'gone (its record expired)' : outcome.status}.`);
    }
  });

  for (const [actionId, how] of [
    [ACTION_RESOLVE, 'resolved'],
    [ACTION_RETURN, 'returned'],
  ] as const) {
    app.action(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const handoffId = 'value' in action ? String(action.value) : '';
      const channel = 'channel' in body ? body.channel?.id : undefined;
      const result = await actions.finish(handoffId, how, await staffMember(client, body.user.id));
      if (!result.done && result.status === 'needs_confirmation' && channel) {
        await client.chat.postEphemeral({ channel, user: body.user.id, text: NO_REPLY_CONFIRM, blocks: confirmResolveBlocks(handoffId) });
      } else if (!result.done) await tell(client, channel, body.user.id, notDone(result, handoffId));
    });
  }

  app.action(ACTION_RESOLVE_CONFIRM, async ({ ack, body, action, client }) => {
    await ack();
    const handoffId = 'value' in action ? String(action.value) : '';
    const channel = 'channel' in body ? body.channel?.id : undefined;
    const result = await actions.finish(handoffId, 'resolved', await staffMember(client, body.user.id), { confirm: true });
    if (!result.done) await tell(client, channel, body.user.id, notDone(result, handoffId));
  });

  app.event('message', async ({ event, body, client }) => {
    const message = event as { channel?: string; ts?: string; thread_ts?: string; subtype?: string; bot_id?: string; user?: string; text?: string };
    if (message.channel !== options.staffChannel || !message.thread_ts || message.thread_ts === message.ts) return;
    // Plain replies, and replies also sent to the channel; edits, joins and files are not messages for the customer.
    if ((message.subtype && message.subtype !== 'thread_broadcast') || message.bot_id || !message.user || !message.text) return;
    const eventId = (body as { event_id?: string }).event_id ?? `${message.channel}:${message.ts}`;
    if ((await options.redis.set(`${options.dedupePrefix}:slack-event:${eventId}`, '1', 'EX', 600, 'NX')) !== 'OK') return;
    const handoffId = await actions.handoffForThread({ channel: message.channel, ts: message.thread_ts });
    if (!handoffId) return; // an ordinary thread in the staff channel
    // Slack sends `&gt;`, `<@U…>`, `<http…|label>`: the customer reads plain text.
    const text = await decodeSlackText(message.text, (id) => names.nameOf(client, id));
    const outcome = await actions.reply(handoffId, await staffMember(client, message.user), text);
    if (outcome === 'not_claimed') await tell(client, message.channel, message.user, 'Not sent: press *Claim* first, so the customer knows who they are talking to.');
    if (outcome === 'closed') await tell(client, message.channel, message.user, 'Not sent: this conversation is closed and back with the bot.');
  });

  // Slack does not say which thread a slash command was typed in, so `/resolve` finishes the caller's claimed
  // conversation, or the one named by its id when they hold several.
  app.command('/resolve', async ({ ack, command, client }) => {
    await ack();
    const agent = await staffMember(client, command.user_id, command.user_name);
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const force = words.includes('--force');
    const confirm = words.includes('--confirm');
    const named = words.filter((w) => w !== '--force' && w !== '--confirm')[0] ?? '';
    const mine = await actions.claimedBy(agent.id);
    const target = named || (mine.length === 1 ? mine[0].id : undefined);
    if (!target) {
      const text = mine.length === 0 ? 'You have no claimed conversation to resolve.' : `You have ${mine.length} conversations; say which: ${mine.map((r) => `\`/resolve ${r.id}\` (${escape(r.customer.displayName)})`).join(', ')}`;
      await tell(client, command.channel_id, agent.id, text);
      return;
    }
    const result = await actions.finish(target, 'resolved', agent, { force, confirm });
    if (!result.done && result.status === 'needs_confirmation') {
      await tell(client, command.channel_id, agent.id, `${NO_REPLY_CONFIRM} \`/resolve ${target} --confirm\``);
      return;
    }
    await tell(client, command.channel_id, agent.id, result.done ? 'Resolved: the customer is back with the bot and was asked for a rating.' : notDone(result, target));
  });

  app.command('/handoffs', async ({ ack, command }) => {
    await ack({ response_type: 'ephemeral', text: describeQueue(await actions.openQueue()) });
    await actions.audit({ id: command.user_id, name: command.user_name }, 'list', undefined, 'done');
  });
}

const NO_REPLY_CONFIRM = 'No reply was sent to the customer. Resolve anyway? They will be asked to rate the help.';

export function confirmResolveBlocks(handoffId: string): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: NO_REPLY_CONFIRM } },
    { type: 'actions', elements: [{ type: 'button', action_id: ACTION_RESOLVE_CONFIRM, text: { type: 'plain_text', text: 'Resolve anyway' }, style: 'danger', value: handoffId }] },
  ];
}

/** Why a resolve / return did nothing, for the staff member who tried. */
function notDone(result: { status: string; by?: StaffMember }, handoffId: string): string {
  if (result.status === 'claimed_by_other' && result.by) {
    return `Only <@${result.by.id}>, who claimed it, can close this conversation. To take over anyway: \`/resolve ${handoffId} --force\` (recorded in the audit log).`;
  }
  return `Nothing to do: this conversation is ${result.status === 'missing' ? 'gone (its record expired)' : `already ${result.status}`}.`;
}

export function describeQueue(records: HandoffRecord[], now = Date.now()): string {
  if (records.length === 0) return 'Nobody is waiting for a person.';
  const lines = records.map((r) => {
    const waited = formatDuration((now - r.queuedAt.getTime()) / 1000);
    const state = r.status === 'claimed' ? `with <@${r.agent?.id}>` : r.status === 'follow_up' ? `follow-up for ${waited}: reply in its thread` : `waiting ${waited}`;
    const reason = r.followUp ? reasonLabel(r.followUp.reason, { stars: r.followUp.stars }) : REASON_LABELS[r.reason] ?? r.reason;
    return `• \`${r.id}\` *${escape(r.customer.displayName)}* (${r.platform}, ${reason}): ${state}`;
  });
  return `*Open handoffs* (${records.length})\n${lines.join('\n')}`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Why a follow-up is on the desk: "left a message", "customer unhappy: rated 1 star". */
function followUpLabel(page: PageView): string {
  return page.followUp ? reasonLabel(page.followUp.reason, { stars: page.followUp.stars }) : '';
}
