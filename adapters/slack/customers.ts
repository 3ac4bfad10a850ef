/**
 * Customers on Slack: direct messages to the app and, optionally, shared customer channels (Slack Connect)
 * other than the staff channel. Registers on the same Bolt app as the staff side (./app.ts), so one signing
 * secret and one `/slack/events` endpoint serve both.
 *
 * Addresses: `slack:<channel>` for a DM; `slack:<channel>:<thread ts>` for a conversation in a shared channel,
 * where each top-level message starts its own thread.
 *
 * Bolt acknowledges events before our handler runs (Slack wants an answer within 3 s), so a failure after the
 * ack is retried here with backoff instead of relying on Slack's redelivery: a customer message is never
 * acknowledged and then lost silently; if every attempt fails it is logged with the message text.
 */
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../../core/log';
import type { ChannelAdapter, ConversationAddress, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { deliverToCore } from '../shared/deliver';
import { withRetry } from '../shared/retry';
import { splitText } from '../shared/split-text';

/** Prefix of the action ids of customer choice buttons (the staff buttons have their own ids). */
export const CUSTOMER_CHOICE_ACTION = 'customer_choice';
/** A section block's text may hold 3,000 characters. */
const SLACK_TEXT_LIMIT = 3000;

export interface SlackCustomerAdapterOptions {
  app: App;
  /** Never treated as a customer channel: staff are paged there. */
  staffChannel: string;
  /** SLACK_CUSTOMER_CHANNELS: shared channel ids (Slack Connect) where customers write; DMs always work. */
  customerChannels: string[];
  logger: Logger;
  /** Attempts at handing a message to the core after Slack's ack. Default 5. */
  deliveryAttempts?: number;
}

interface SlackMessageEvent {
  channel?: string;
  channel_type?: string;
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  files?: unknown[];
}

export class SlackCustomerAdapter implements ChannelAdapter {
  readonly platform = 'slack';
  private readonly customerChannels: Set<string>;
  private readonly names = new Map<string, string>();
  private started = false;

  constructor(private readonly options: SlackCustomerAdapterOptions) {
    this.customerChannels = new Set(options.customerChannels);
    this.customerChannels.delete(options.staffChannel);
  }

  async start(onInbound: InboundHandler): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { app } = this.options;

    app.event('message', async ({ event, client }) => {
      const message = event as SlackMessageEvent;
      const address = this.addressOf(message);
      if (!address) return;
      // Edits, deletions, joins and our own or other bots' posts are not customer messages.
      const isFileShare = message.subtype === 'file_share';
      if ((message.subtype && !isFileShare) || message.bot_id || !message.user || !message.ts) return;
      const text = message.text?.trim() ?? '';
      await this.deliver(onInbound, {
        id: message.ts,
        address,
        customer: { id: message.user, displayName: await this.displayName(client, message.user) },
        text,
        isText: text.length > 0 || !isFileShare,
        sentAt: new Date(Number(message.ts) * 1000),
        raw: message,
      });
    });

    app.action(new RegExp(`^${CUSTOMER_CHOICE_ACTION}`), async ({ ack, body, action, client }) => {
      await ack();
      const click = body as { user: { id: string; name?: string }; channel?: { id: string }; message?: { ts?: string; thread_ts?: string } };
      const channel = click.channel?.id;
      if (!channel || !('value' in action) || !action.value) return;
      const thread = click.message?.thread_ts;
      const address: ConversationAddress = thread && this.customerChannels.has(channel) ? `slack:${channel}:${thread}` : `slack:${channel}`;
      const label = 'text' in action && action.text && 'text' in action.text ? String(action.text.text) : String(action.value);
      await this.deliver(onInbound, {
        id: `click:${'action_ts' in action ? action.action_ts : Date.now()}:${click.user.id}`,
        address,
        customer: { id: click.user.id, displayName: await this.displayName(client, click.user.id, click.user.name) },
        text: label,
        choiceId: String(action.value),
        sentAt: new Date(),
        raw: body,
      });
    });
  }

  async stop(): Promise<void> {
    // The Bolt app and its receiver belong to the handoff wiring, which stops them.
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const [, channel, thread] = address.split(':');
    if (!channel) throw new Error(`Invalid Slack address "${address}": expected slack:<channel>[:<thread ts>].`);
    const text = message.sender?.kind === 'agent' ? `*${message.sender.name}* (support): ${message.text}` : message.text;
    const parts = splitText(text, SLACK_TEXT_LIMIT);
    for (const [index, part] of parts.entries()) {
      const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: part } }];
      const last = index === parts.length - 1;
      if (last && message.choices?.length) {
        blocks.push({
          type: 'actions',
          elements: message.choices.map((choice, i) => ({
            type: 'button' as const,
            action_id: `${CUSTOMER_CHOICE_ACTION}_${i}`,
            text: { type: 'plain_text' as const, text: choice.label.slice(0, 75) },
            value: choice.id,
          })),
        });
      }
      await withRetry(
        () => this.options.app.client.chat.postMessage({ channel, thread_ts: thread, text: part, blocks, unfurl_links: false }),
        { what: 'slack.chat.postMessage', logger: this.options.logger, isPermanent: isPermanentSlackError, retryAfterMs: slackRetryAfter },
      );
    }
  }

  private addressOf(message: SlackMessageEvent): ConversationAddress | undefined {
    if (!message.channel || message.channel === this.options.staffChannel) return undefined;
    if (message.channel_type === 'im') return `slack:${message.channel}`;
    if (this.customerChannels.has(message.channel)) return `slack:${message.channel}:${message.thread_ts ?? message.ts}`;
    return undefined;
  }

  private deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    return deliverToCore(onInbound, message, 'slack', this.options.logger, this.options.deliveryAttempts);
  }


  private async displayName(client: App['client'], userId: string, fallback?: string): Promise<string> {
    const cached = this.names.get(userId);
    if (cached) return cached;
    try {
      const info = await client.users.info({ user: userId });
      const name = info.user?.profile?.display_name || info.user?.real_name || info.user?.name || fallback || userId;
      this.names.set(userId, name);
      return name;
    } catch (error) {
      this.options.logger.warn('slack.user_lookup_failed', { user: userId, error, fix: 'give the bot the users:read scope' });
      return fallback ?? userId;
    }
  }
}

function isPermanentSlackError(error: unknown): boolean {
  const code = (error as { data?: { error?: string } }).data?.error;
  return Boolean(code && code !== 'ratelimited' && code !== 'internal_error' && code !== 'fatal_error');
}

function slackRetryAfter(error: unknown): number | undefined {
  const seconds = (error as { retryAfter?: number }).retryAfter;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}
