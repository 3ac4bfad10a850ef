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
 * acknowledged and then lost silently; if every attempt fails it is parked in the dead-letter list (`deadLetters`,
 * as Discord and Telegram long polling do), or logged with the message text when there is none.
 */
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../../core/log';
import { decodeAddress, encodeAddress } from '../../core/address';
import type { ChannelAdapter, ConversationAddress, InboundAttachment, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { deliverToCore, type DeadLetterSink } from '../shared/deliver';
import { classifyStatus, sendInParts, type ErrorClass } from '../shared/send-parts';
import { SlackUserNames } from './users';

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
  /** Attempts at handing a message to the core after Slack's ack. Default 30 (about 2 minutes, as Discord and Telegram). */
  deliveryAttempts?: number;
  /** Delay before the second attempt (doubles each time). Default 500 ms. */
  deliveryRetryDelayMs?: number;
  /** Where a message goes after the last attempt (admin/dead-letters.ts): Slack has been acked and will not resend it. */
  deadLetters?: DeadLetterSink;
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
  files?: { name?: string; mimetype?: string }[];
}

export class SlackCustomerAdapter implements ChannelAdapter {
  readonly platform = 'slack';
  private readonly customerChannels: Set<string>;
  private readonly names: SlackUserNames;
  private started = false;

  constructor(private readonly options: SlackCustomerAdapterOptions) {
    this.customerChannels = new Set(options.customerChannels);
    this.customerChannels.delete(options.staffChannel);
    this.names = new SlackUserNames({ logger: options.logger, prefer: 'display' });
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
      await this.deliver(onInbound, {
        id: message.ts,
        address,
        customer: { id: message.user, displayName: await this.names.nameOf(client, message.user) },
        text: message.text?.trim() ?? '',
        attachments: isFileShare ? (message.files?.length ? message.files : [{}]).map(attachmentOf) : [],
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
      const address = this.encodeAddress(thread && this.customerChannels.has(channel) ? [channel, thread] : [channel]);
      const label = 'text' in action && action.text && 'text' in action.text ? String(action.text.text) : String(action.value);
      await this.deliver(onInbound, {
        id: `click:${'action_ts' in action ? action.action_ts : Date.now()}:${click.user.id}`,
        address,
        customer: { id: click.user.id, displayName: await this.names.nameOf(client, click.user.id, click.user.name) },
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

  encodeAddress(parts: string[]): ConversationAddress {
    return encodeAddress(this.platform, parts);
  }

  decodeAddress(address: ConversationAddress): string[] {
    return decodeAddress(this.platform, address, { min: 1, max: 2, describe: '<channel>[:<thread ts>]' });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const [channel, thread] = this.decodeAddress(address);
    await sendInParts(message, {
      what: 'slack.chat.postMessage',
      limit: { chars: SLACK_TEXT_LIMIT },
      logger: this.options.logger,
      classify,
      sendPart: (text, choices) => {
        const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
        if (choices) {
          blocks.push({
            type: 'actions',
            elements: choices.map((choice, i) => ({
              type: 'button' as const,
              action_id: `${CUSTOMER_CHOICE_ACTION}_${i}`,
              text: { type: 'plain_text' as const, text: choice.label.slice(0, 75) },
              value: choice.id,
            })),
          });
        }
        return this.options.app.client.chat.postMessage({ channel, thread_ts: thread, text, blocks, unfurl_links: false });
      },
    });
  }

  private addressOf(message: SlackMessageEvent): ConversationAddress | undefined {
    if (!message.channel || message.channel === this.options.staffChannel) return undefined;
    if (message.channel_type === 'im') return this.encodeAddress([message.channel]);
    if (this.customerChannels.has(message.channel) && message.ts) return this.encodeAddress([message.channel, message.thread_ts ?? message.ts]);
    return undefined;
  }

  private deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    const { logger, deliveryAttempts, deliveryRetryDelayMs, deadLetters } = this.options;
    return deliverToCore(onInbound, message, 'slack', logger, { attempts: deliveryAttempts ?? 30, baseDelayMs: deliveryRetryDelayMs, deadLetters });
  }
}

function attachmentOf(file: { name?: string; mimetype?: string }): InboundAttachment {
  const type = file.mimetype?.split('/')[0];
  return { kind: type === 'image' || type === 'audio' || type === 'video' ? type : 'file', name: file.name, mimeType: file.mimetype };
}

/** Slack platform error codes that are Slack's trouble, not ours: retried. Every other platform error code is permanent. */
const TRANSIENT_SLACK_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * @slack/web-api's errors: a platform error (`data.error`: `channel_not_found`, `not_in_channel`, `is_archived`,
 * `msg_too_long`, `invalid_blocks`, `invalid_auth`, `account_inactive`…) will never work: permanent, except
 * Slack's own trouble (`ratelimited`, `internal_error`, `fatal_error`…). An HTTP error follows the shared status
 * rule (`statusCode`); a rate-limited error carries `retryAfter` in seconds; request (network) errors are retried.
 */
export function classify(error: unknown): ErrorClass {
  const e = error as { data?: { error?: unknown }; statusCode?: unknown; retryAfter?: unknown } | undefined;
  const retryAfterMs = typeof e?.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
  const code = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  if (code) return TRANSIENT_SLACK_CODES.has(code) ? { permanent: false, retryAfterMs } : { permanent: true };
  return classifyStatus(typeof e?.statusCode === 'number' ? e.statusCode : undefined, retryAfterMs);
}
