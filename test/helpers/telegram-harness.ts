/** Telegram as the adapter contract and the full-loop test drive it: the real grammY bot by webhook against a fake Bot API. */
import { request } from 'node:http';
import { silentLogger } from '../../core/log';
import { WebhookServer } from '../../server/http-server';
import { TelegramAdapter, TELEGRAM_WEBHOOK_PATH, type TelegramAdapterOptions } from '../../adapters/telegram/telegram-adapter';
import { FAKE_BOT_INFO, FakeTelegram, nextUpdateId, textUpdate } from '../../fakes/fake-telegram';
import type { AdapterHarness, DeliveredMessage } from './adapter-contract';

export const CHAT = 777001;
export const SECRET = 'webhook-secret_123';

function post(url: string, body: string, secret?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export class TelegramWebhookHarness implements AdapterHarness {
  readonly address = `telegram:${CHAT}`;
  readonly maxMessageLength = 4096;
  readonly fake = new FakeTelegram();
  readonly server = new WebhookServer({ logger: silentLogger });
  webhook = '';
  private readonly updates = new Map<string, Record<string, unknown>>();

  /** `overrides`: adapter options a test changes (logger, retry timing…). */
  constructor(private readonly overrides: Partial<TelegramAdapterOptions> = {}) {}

  async createAdapter() {
    const apiRoot = await this.fake.start();
    const port = await this.server.listen(0);
    this.webhook = `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`;
    return new TelegramAdapter({
      config: { token: this.fake.token, apiRoot, webhookUrl: this.webhook, webhookSecret: SECRET },
      logger: silentLogger,
      server: this.server,
      botInfo: FAKE_BOT_INFO,
      ...this.overrides,
    });
  }

  async deliver(update: Record<string, unknown>, secret = SECRET): Promise<number> {
    return post(this.webhook, JSON.stringify(update), secret);
  }

  async customerSays(text: string) {
    const update = textUpdate(CHAT, text);
    this.updates.set(String(update.update_id), update);
    expect(await this.deliver(update)).toBe(200);
    return String(update.update_id);
  }

  async redeliver(id: string) {
    expect(await this.deliver(this.updates.get(id)!)).toBe(200);
  }

  /** The update a `customerSays` delivered, to send it again as Telegram would. */
  update(id: string): Record<string, unknown> {
    return this.updates.get(id)!;
  }

  async customerClicks(choiceId: string) {
    const sent = [...this.fake.callsTo('sendMessage')].reverse().find((c) => this.choicesOf(c.params).includes(choiceId))!;
    const update_id = nextUpdateId();
    const update = {
      update_id,
      callback_query: {
        id: `cb${update_id}`,
        chat_instance: 'ci',
        data: choiceId,
        from: { id: CHAT, is_bot: false, first_name: 'Ana' },
        message: { message_id: 1, date: 0, chat: { id: CHAT, type: 'private' }, text: sent.params.text, reply_markup: sent.params.reply_markup },
      },
    };
    expect(await this.deliver(update)).toBe(200);
  }

  async customerSendsNonText() {
    const update = textUpdate(CHAT, '', { text: undefined, sticker: { file_id: 'S1', file_unique_id: 'S1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    expect(await this.deliver(update)).toBe(200);
  }

  delivered(): DeliveredMessage[] {
    return this.fake.callsTo('sendMessage').filter((c) => !c.failed).map((c) => ({ text: String(c.params.text), choiceIds: this.choicesOf(c.params) }));
  }

  private choicesOf(params: Record<string, unknown>): string[] {
    const keyboard = (params.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ?? [];
    return keyboard.flat().map((b) => b.callback_data);
  }

  async close() {
    await this.server.close();
    await this.fake.stop();
  }
}

