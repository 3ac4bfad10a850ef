/**
 * Customers on Telegram, through grammY. Private chats only; address `telegram:<chat id>`.
 *
 * Updates arrive by long polling (default) or, with TELEGRAM_WEBHOOK_URL, on POST /telegram/webhook, where grammY
 * checks the secret token header in constant time (401 otherwise). The core's message id is the update id, so a
 * redelivered update is processed once.
 *
 * Acknowledgement — what happens when the core fails on an update (Redis down, a send refused…). The core saves
 * a message (and marks its id processed) only after its replies went out, so a failed turn is never marked
 * processed; what matters is whether Telegram delivers the update again:
 *  - Webhook: the core is retried a few times (`deliveryAttempts`, default 3); if it still fails, the request is
 *    answered 500 and Telegram redelivers the update later, where the core's dedupe runs it exactly once. A turn
 *    slower than `webhookTimeoutMs` also gets a 500 (grammY's `onTimeout: "throw"`): the redelivery then finds it
 *    done, or runs it again.
 *    Updates of one chat run one after another (`sequentialize` per chat), so when a slow turn times out and
 *    Telegram sends that chat's next update, the next one waits for it instead of overtaking it.
 *  - Long polling (adapters/telegram/polling.ts: grammY's runner, restarted with backoff after a 409 or a network
 *    failure; with several replicas only the holder of the bot's Redis lease polls): updates run concurrently
 *    across chats and in order within a chat, so one stuck conversation never blocks the others. The runner
 *    confirms updates to Telegram as it fetches them, so the handler retries the core with backoff (default 30
 *    attempts, about 2 minutes: a Redis restart is ridden out) and then parks the message in the dead-letter
 *    list (`deadLetters`: Redis list, metric, GET /admin/api/dead-letters) with an error log line; never dropped.
 *  - Errors retrying cannot fix (the customer blocked the bot: 403; an invalid message) are logged the same way
 *    at once, in both modes.
 */
import { Bot, GrammyError, HttpError, webhookCallback, type Context } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import type { InlineKeyboardButton, Message, UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../core/log';
import { isPermanent as isPermanentCoreError } from '../../core/errors';
import { redact } from '../../core/redact';
import { decodeAddress, encodeAddress, InvalidAddressError } from '../../core/address';
import type { ChannelAdapter, ConversationAddress, InboundAttachment, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import type { WebhookServer } from '../../server/http-server';
import { withRetry } from '../shared/retry';
import { deliverToCore, type DeadLetterSink } from '../shared/deliver';
import { TelegramPoller, type PollingState, type TelegramPollerOptions } from './polling';
import { classifyStatus, retryRules, sendInParts, type ErrorClass } from '../shared/send-parts';
import type { TelegramConfig } from './config';
import { grammyFetch } from './bot-api-fetch';

const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramAdapterOptions {
  config: TelegramConfig;
  logger: Logger;
  /** Where the webhook route is registered when TELEGRAM_WEBHOOK_URL is set. */
  server?: WebhookServer;
  /** Skip getMe at start (tests, or when the bot's identity is already known). */
  botInfo?: UserFromGetMe;
  /**
   * Attempts at handing an update to the core before giving up on it (see "Acknowledgement" above). Default 3
   * with a webhook (then Telegram redelivers), 30 with long polling (then the update is parked as a dead letter).
   */
  deliveryAttempts?: number;
  /** Delay before the second attempt; doubles each time, at most 5 s. Default 500 ms. Tests shorten it. */
  deliveryRetryDelayMs?: number;
  /** Longest a webhook request waits for the core before answering 500 (Telegram then redelivers). Default 10 s. */
  webhookTimeoutMs?: number;
  /** Long-polling timeout in seconds (Telegram holds getUpdates this long). Default 30. */
  pollTimeoutSeconds?: number;
  /** Long polling: where an update goes when every attempt failed. */
  deadLetters?: DeadLetterSink;
  /** Long polling: one poller per bot across replicas (key e.g. `<prefix>:lease:telegram:<bot id>`). */
  lease?: TelegramPollerOptions['lease'];
  /** Long polling: restart timing after the runner stops (409, network). Tests shorten it. */
  polling?: Pick<TelegramPollerOptions, 'retryForMs' | 'restartDelayMs' | 'maxRestartDelayMs'>;
  /** Told when polling starts, stops, restarts or goes on standby (channel health). */
  onState?: (state: PollingState, detail?: string) => void;
}

/** Deadline for one Telegram Bot API call, in seconds. */
const TELEGRAM_API_TIMEOUT_SECONDS = 45;

export class TelegramAdapter implements ChannelAdapter {
  readonly platform = 'telegram';
  readonly bot: Bot;
  private poller?: TelegramPoller;
  private stopping = false;

  constructor(private readonly options: TelegramAdapterOptions) {
    // Every Bot API call has a deadline (grammY's default is 500 s): above the 30 s long-poll, so getUpdates is
    // never cut short, and a hung sendMessage frees its turn for a retry instead of holding the conversation.
    // The transport is ours (bot-api-fetch.ts: node:http instead of node-fetch, half the CPU per call); grammY
    // still builds every request and reads every answer.
    const client = { apiRoot: options.config.apiRoot, timeoutSeconds: TELEGRAM_API_TIMEOUT_SECONDS, fetch: grammyFetch };
    this.bot = new Bot(options.config.token, { client, botInfo: options.botInfo });
  }

  async start(onInbound: InboundHandler): Promise<void> {
    const { bot } = this;
    const { config, logger } = this.options;

    // One chat's updates in order, other chats alongside (long polling runs updates concurrently).
    bot.use(sequentialize((ctx: Context) => (ctx.chat ?? ctx.callbackQuery?.message?.chat)?.id.toString()));

    // 'message' only: edited messages (`edited_message`) are other updates and never reach the core.
    bot.on('message', async (ctx) => {
      const message = ctx.message;
      if (ctx.chat.type !== 'private' || !ctx.from || ctx.from.is_bot) {
        logger.debug('telegram.ignored', { chat: ctx.chat.id, type: ctx.chat.type, why: ctx.chat.type !== 'private' ? 'not a private chat' : 'from a bot' });
        return;
      }
      // A photo, sticker, voice note or file is reported as an attachment, its caption as the text; the core
      // decides whether it can read the message.
      await this.deliver(onInbound, {
        id: `u${ctx.update.update_id}`,
        address: this.encodeAddress([String(ctx.chat.id)]),
        customer: customerOf(ctx),
        text: message.text ?? message.caption ?? '',
        attachments: attachmentsOf(message),
        sentAt: new Date(message.date * 1000),
        raw: ctx.update,
      });
    });

    bot.on('callback_query:data', async (ctx) => {
      // Stop the button's spinner at once; the answer follows as a message. Best effort: a click whose spinner
      // could not be stopped is still a click.
      await withRetry(() => ctx.answerCallbackQuery(), { what: 'telegram.answerCallbackQuery', attempts: 2, logger, ...retryRules(classify) }).catch(() => undefined);
      const chat = ctx.callbackQuery.message?.chat;
      if (!chat || chat.type !== 'private' || ctx.from.is_bot) {
        logger.debug('telegram.ignored', { chat: chat?.id, type: chat?.type, why: 'click outside a private chat' });
        return;
      }
      const label = labelOf(ctx, ctx.callbackQuery.data);
      await this.deliver(onInbound, {
        // The callback query's id: a redelivered update carries the same one.
        id: ctx.callbackQuery.id,
        address: this.encodeAddress([String(chat.id)]),
        customer: customerOf(ctx),
        text: label,
        choiceId: ctx.callbackQuery.data,
        sentAt: new Date(),
        raw: ctx.update,
      });
    });

    // Long polling only (webhook errors become a 500): log, and grammY moves on to the next update.
    bot.catch((error) => logger.error('telegram.update_failed', { update: error.ctx.update.update_id, error: error.error as Error }));

    if (!this.options.botInfo) {
      // Our own bounded getMe instead of bot.init(), which retries network errors forever: a wrong token or an
      // unreachable API must fail this channel now, naming the variable to fix.
      try {
        bot.botInfo = await withRetry(() => bot.api.getMe(), { what: 'telegram.getMe', attempts: 3, logger, ...retryRules(classify) });
      } catch (error) {
        throw error instanceof GrammyError
          ? new Error(`Telegram rejected TELEGRAM_BOT_TOKEN (${describe(error, config.token)}). Check the token with @BotFather.`)
          : new Error(`Cannot reach the Telegram Bot API at ${config.apiRoot} (${describe(error, config.token)}). Check TELEGRAM_API_ROOT and the network.`);
      }
    }

    this.stopping = false;
    if (config.webhookUrl) {
      if (!config.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL: without it anyone could post updates to /telegram/webhook.');
      if (!this.options.server) throw new Error('Telegram webhook mode needs the webhook server.');
      if (new URL(config.webhookUrl).pathname !== TELEGRAM_WEBHOOK_PATH) {
        logger.warn('telegram.webhook_path', { url: config.webhookUrl, note: `this server listens on ${TELEGRAM_WEBHOOK_PATH}; make sure a proxy maps the URL there` });
      }
      // grammY compares the X-Telegram-Bot-Api-Secret-Token header in constant time and answers 401 on a mismatch,
      // before the body is read; a handler error or timeout propagates, and the WebhookServer answers 500.
      const callback = webhookCallback(bot, 'http', { secretToken: config.webhookSecret, onTimeout: 'throw', timeoutMilliseconds: this.options.webhookTimeoutMs ?? 10_000 });
      this.options.server.route('POST', TELEGRAM_WEBHOOK_PATH, async (req, res) => {
        await callback(req, res);
      });
      try {
        await withRetry(() => bot.api.setWebhook(config.webhookUrl!, { secret_token: config.webhookSecret, allowed_updates: ['message', 'callback_query'] }), {
          what: 'telegram.setWebhook',
          attempts: 3,
          logger,
          ...retryRules(classify),
        });
      } catch (error) {
        throw new Error(`Telegram refused the webhook (${describe(error, config.token)}). Check TELEGRAM_WEBHOOK_URL: a public https URL that reaches ${TELEGRAM_WEBHOOK_PATH}.`);
      }
      logger.info('telegram.webhook_set', { url: config.webhookUrl });
    } else {
      this.poller = new TelegramPoller({
        bot,
        logger,
        timeoutSeconds: this.options.pollTimeoutSeconds,
        lease: this.options.lease,
        describe: (error) => describe(error, config.token),
        onState: this.options.onState,
        ...this.options.polling,
      });
      await this.poller.start();
    }
  }

  /** For readiness and channel health: a standby replica is healthy (another one polls); restarting is not. */
  status(): { connected: boolean; detail: string } {
    const state = this.state;
    return { connected: state === 'polling' || state === 'standby' || state === 'webhook', detail: state === 'standby' ? 'standby: another replica polls' : state };
  }

  /** Long polling: polling, restarting, standby (another replica polls)…; `webhook` with a webhook. */
  get state(): PollingState | 'webhook' {
    return this.poller?.state ?? (this.options.config.webhookUrl ? 'webhook' : 'starting');
  }

  async stop(): Promise<void> {
    this.stopping = true; // a delivery being retried gives up at its next attempt (parked as a dead letter)
    await this.poller?.stop();
  }

  encodeAddress(parts: string[]): ConversationAddress {
    return encodeAddress(this.platform, parts);
  }

  decodeAddress(address: ConversationAddress): string[] {
    return decodeAddress(this.platform, address, { describe: '<chat id>' });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const chatId = this.chatIdOf(address);
    // Plain text (no parse_mode), so nothing a customer or agent writes can break Markdown parsing.
    await sendInParts(message, {
      what: 'telegram.sendMessage',
      limit: { chars: TELEGRAM_TEXT_LIMIT },
      logger: this.options.logger,
      classify,
      sendPart: (text, choices) => {
        const keyboard: InlineKeyboardButton[][] | undefined = choices?.map((c) => [{ text: c.label, callback_data: c.id }]);
        return this.bot.api.sendMessage(chatId, text, keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
      },
    });
  }

  /** "typing…" for about 5 s or until the next message. Best effort: one quick retry. */
  async showTyping(address: ConversationAddress): Promise<void> {
    const chatId = this.chatIdOf(address);
    await withRetry(() => this.bot.api.sendChatAction(chatId, 'typing'), { what: 'telegram.sendChatAction', attempts: 2, ...retryRules(classify) });
  }

  private chatIdOf(address: ConversationAddress): number {
    const [part] = this.decodeAddress(address);
    const id = Number(part);
    if (!Number.isSafeInteger(id)) throw new InvalidAddressError(`Invalid Telegram address "${address}": the chat id must be an integer.`);
    return id;
  }

  /**
   * Hand a message to the core, retrying as described under "Acknowledgement" at the top of this file. Not the
   * shared `deliverToCore`: with a webhook, a message the core could not take must become a 500 (so Telegram
   * redelivers it) instead of a logged loss.
   */
  private async deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    const webhook = Boolean(this.options.config.webhookUrl);
    if (!webhook) {
      await deliverToCore(onInbound, message, 'telegram', this.options.logger, {
        attempts: this.options.deliveryAttempts ?? 30,
        baseDelayMs: this.options.deliveryRetryDelayMs,
        deadLetters: this.options.deadLetters,
        giveUp: () => this.stopping,
        isPermanent: (error) => classify(error).permanent,
      });
      return;
    }
    const cannotSucceed = (error: unknown) => this.stopping || classify(error).permanent || isPermanentCoreError(error);
    try {
      await withRetry(() => onInbound(message), {
        what: 'telegram.customer_message',
        attempts: this.options.deliveryAttempts ?? 3,
        baseDelayMs: this.options.deliveryRetryDelayMs ?? 500,
        logger: this.options.logger,
        isPermanent: cannotSucceed,
      });
    } catch (error) {
      // Webhook: a 500, so Telegram redelivers the update (unless retrying cannot help).
      if (webhook && !cannotSucceed(error)) throw error;
      this.options.logger.error('telegram.customer_message_not_processed', {
        address: message.address,
        id: message.id,
        text: redact(message.text),
        error: describe(error, this.options.config.token),
        why: this.stopping ? 'the adapter stopped while retrying' : cannotSucceed(error) ? 'retrying cannot fix this error' : 'every attempt failed',
      });
    }
  }
}

function customerOf(ctx: Context) {
  const from = ctx.from!;
  return {
    id: String(from.id),
    displayName: [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id),
    locale: from.language_code,
  };
}

/** The pressed button's label, read back from the message's keyboard; the id when it cannot be found. */
function labelOf(ctx: Context, data: string): string {
  const rows = ctx.callbackQuery?.message && 'reply_markup' in ctx.callbackQuery.message ? ctx.callbackQuery.message.reply_markup?.inline_keyboard : undefined;
  for (const row of rows ?? []) for (const button of row) if ('callback_data' in button && button.callback_data === data) return button.text;
  return data;
}

/** What came with a message besides text (a location, contact or poll is `other`: nothing the core can read). */
function attachmentsOf(message: Message): InboundAttachment[] {
  const found: InboundAttachment[] = [];
  if (message.photo) found.push({ kind: 'image' });
  if (message.sticker) found.push({ kind: 'sticker' });
  if (message.voice) found.push({ kind: 'audio', mimeType: message.voice.mime_type });
  if (message.audio) found.push({ kind: 'audio', name: message.audio.file_name, mimeType: message.audio.mime_type });
  if (message.video) found.push({ kind: 'video', name: message.video.file_name, mimeType: message.video.mime_type });
  if (message.video_note) found.push({ kind: 'video' });
  if (message.animation) found.push({ kind: 'video', name: message.animation.file_name, mimeType: message.animation.mime_type });
  else if (message.document) found.push({ kind: 'file', name: message.document.file_name, mimeType: message.document.mime_type });
  if (found.length === 0 && message.text === undefined && message.caption === undefined) found.push({ kind: 'other' });
  return found;
}

/**
 * Telegram's errors: `error_code` is the HTTP status (400 bad request, 401 bad token, 403 blocked by the customer,
 * 404 unknown chat or method: permanent); a 429 carries `parameters.retry_after` in seconds. Network errors
 * (grammY's HttpError) and anything else are retried.
 */
export function classify(error: unknown): ErrorClass {
  if (error instanceof GrammyError) return classifyStatus(error.error_code, (error.parameters?.retry_after ?? 0) * 1000);
  return { permanent: false };
}

/** What went wrong, without the token (request URLs contain it). */
function describe(error: unknown, token: string): string {
  const text =
    error instanceof GrammyError
      ? `${error.error_code} ${error.description}`
      : error instanceof HttpError
        ? `network error: ${(error.error as Error)?.message ?? error.message}`
        : (error as Error).message;
  return text.split(token).join('<token>');
}
