/**
 * Customers on Telegram, through grammY. Private chats only; address `telegram:<chat id>`.
 *
 * Updates arrive by long polling (default) or, with TELEGRAM_WEBHOOK_URL, on POST /telegram/webhook, where grammY
 * checks the secret token header in constant time (401 otherwise). The core's message id is the update id, so a
 * redelivered update is processed once.
 *
 * Acknowledgement: grammY confirms an update (next getUpdates offset, or the webhook's 200) once our handler
 * returns. The handler therefore retries the core with backoff before returning; only if every attempt fails is
 * the message logged as not processed (with its text), never dropped silently.
 */
import { Bot, GrammyError, HttpError, webhookCallback, type Context } from 'grammy';
import type { InlineKeyboardButton, UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../core/log';
import type { ChannelAdapter, ConversationAddress, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import type { WebhookServer } from '../http-server';
import { deliverToCore } from '../shared/deliver';
import { withRetry } from '../shared/retry';
import { splitText } from '../shared/split-text';
import type { TelegramConfig } from './config';

const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramAdapterOptions {
  config: TelegramConfig;
  logger: Logger;
  /** Where the webhook route is registered when TELEGRAM_WEBHOOK_URL is set. */
  server?: WebhookServer;
  /** Skip getMe at start (tests, or when the bot's identity is already known). */
  botInfo?: UserFromGetMe;
  /** Attempts at handing an update to the core before it is acknowledged. Default 5. */
  deliveryAttempts?: number;
  /** Long-polling timeout in seconds (Telegram holds getUpdates this long). Default 30. */
  pollTimeoutSeconds?: number;
}

export class TelegramAdapter implements ChannelAdapter {
  readonly platform = 'telegram';
  readonly bot: Bot;
  private polling?: Promise<void>;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.bot = new Bot(options.config.token, { client: { apiRoot: options.config.apiRoot }, botInfo: options.botInfo });
  }

  async start(onInbound: InboundHandler): Promise<void> {
    const { bot } = this;
    const { config, logger } = this.options;

    bot.on('message', async (ctx) => {
      const message = ctx.message;
      if (ctx.chat.type !== 'private' || !ctx.from || ctx.from.is_bot) {
        logger.debug('telegram.ignored', { chat: ctx.chat.id, type: ctx.chat.type });
        return;
      }
      const text = message.text ?? message.caption ?? '';
      await this.deliver(onInbound, {
        id: `u${ctx.update.update_id}`,
        address: `telegram:${ctx.chat.id}`,
        customer: customerOf(ctx),
        text,
        isText: message.text !== undefined,
        sentAt: new Date(message.date * 1000),
        raw: ctx.update,
      });
    });

    bot.on('callback_query:data', async (ctx) => {
      // Stop the button's spinner at once; the answer follows as a message.
      await ctx.answerCallbackQuery().catch((error) => logger.warn('telegram.answer_callback_failed', { error }));
      const chat = ctx.callbackQuery.message?.chat;
      if (!chat || chat.type !== 'private') return;
      const label = labelOf(ctx, ctx.callbackQuery.data);
      await this.deliver(onInbound, {
        id: `u${ctx.update.update_id}`,
        address: `telegram:${chat.id}`,
        customer: customerOf(ctx),
        text: label,
        choiceId: ctx.callbackQuery.data,
        sentAt: new Date(),
        raw: ctx.update,
      });
    });

    bot.catch((error) => logger.error('telegram.update_failed', { update: error.ctx.update.update_id, error: error.error as Error }));

    if (!this.options.botInfo) {
      // Our own bounded getMe instead of bot.init(), which retries network errors forever: a wrong token or an
      // unreachable API must fail this channel now, naming the variable to fix.
      try {
        bot.botInfo = await withRetry(() => bot.api.getMe(), { what: 'telegram.getMe', attempts: 3, logger, isPermanent });
      } catch (error) {
        throw error instanceof GrammyError
          ? new Error(`Telegram rejected TELEGRAM_BOT_TOKEN (${describe(error, config.token)}). Check the token with @BotFather.`)
          : new Error(`Cannot reach the Telegram Bot API at ${config.apiRoot} (${describe(error, config.token)}). Check TELEGRAM_API_ROOT and the network.`);
      }
    }

    if (config.webhookUrl) {
      if (!this.options.server) throw new Error('Telegram webhook mode needs the webhook server.');
      this.options.server.route('POST', TELEGRAM_WEBHOOK_PATH, webhookCallback(bot, 'http', { secretToken: config.webhookSecret, onTimeout: 'return' }));
      await bot.api.setWebhook(config.webhookUrl, { secret_token: config.webhookSecret, allowed_updates: ['message', 'callback_query'] });
      logger.info('telegram.webhook_set', { url: config.webhookUrl });
    } else {
      // bot.start() deletes any webhook first: long polling and a webhook cannot both be active.
      this.polling = bot.start({ allowed_updates: ['message', 'callback_query'], timeout: this.options.pollTimeoutSeconds ?? 30 }).catch((error) => {
        logger.error('telegram.polling_stopped', { error, fix: 'check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT' });
      });
      logger.info('telegram.polling', { bot: bot.botInfo.username });
    }
  }

  async stop(): Promise<void> {
    if (this.bot.isRunning()) await this.bot.stop();
    await this.polling;
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const chatId = chatIdOf(address);
    const text = message.sender?.kind === 'agent' ? `${message.sender.name} (support): ${message.text}` : message.text;
    const parts = splitText(text, TELEGRAM_TEXT_LIMIT);
    for (const [index, part] of parts.entries()) {
      const keyboard: InlineKeyboardButton[][] | undefined =
        index === parts.length - 1 && message.choices?.length ? message.choices.map((c) => [{ text: c.label, callback_data: c.id }]) : undefined;
      await withRetry(() => this.bot.api.sendMessage(chatId, part, keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}), {
        what: 'telegram.sendMessage',
        logger: this.options.logger,
        isPermanent,
        retryAfterMs,
      });
    }
  }

  async showTyping(address: ConversationAddress): Promise<void> {
    await this.bot.api.sendChatAction(chatIdOf(address), 'typing');
  }

  private deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    return deliverToCore(onInbound, message, 'telegram', this.options.logger, this.options.deliveryAttempts);
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

function chatIdOf(address: ConversationAddress): number {
  const id = Number(address.slice('telegram:'.length));
  if (!address.startsWith('telegram:') || !Number.isSafeInteger(id)) throw new Error(`Invalid Telegram address "${address}": expected telegram:<chat id>.`);
  return id;
}

function isPermanent(error: unknown): boolean {
  return error instanceof GrammyError && [400, 401, 403, 404].includes(error.error_code);
}

function retryAfterMs(error: unknown): number | undefined {
  return error instanceof GrammyError && error.parameters.retry_after ? error.parameters.retry_after * 1000 : undefined;
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
