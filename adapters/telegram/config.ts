/**
 * Telegram settings, validated with the rest of the configuration at start-up.
 */
import type { EnvReader } from '../../core/config';

export interface TelegramConfig {
  /** TELEGRAM_BOT_TOKEN — from @BotFather. */
  token: string;
  /** TELEGRAM_API_ROOT — Bot API base URL: a self-hosted Bot API server, a proxy, or a local emulator. */
  apiRoot: string;
  /** TELEGRAM_WEBHOOK_URL — when set, Telegram pushes updates to this public URL (ending in /telegram/webhook) instead of long polling. */
  webhookUrl?: string;
  /** TELEGRAM_WEBHOOK_SECRET — required with the webhook: Telegram sends it in a header, so forged updates are refused. */
  webhookSecret?: string;
}

export function readTelegramConfig(reader: EnvReader): TelegramConfig | undefined {
  const token = reader.optional('TELEGRAM_BOT_TOKEN');
  if (!token) return undefined;
  if (!/^\d+:[\w-]{10,}$/.test(token)) reader.problems.push('TELEGRAM_BOT_TOKEN does not look like a bot token ("123456:ABC…"): copy it from @BotFather.');
  const webhookUrl = reader.optional('TELEGRAM_WEBHOOK_URL');
  const webhookSecret = reader.optional('TELEGRAM_WEBHOOK_SECRET');
  if (webhookUrl && !webhookSecret) {
    reader.problems.push('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL: 1-256 characters of A-Z, a-z, 0-9, _ and -.');
  }
  if (webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    reader.problems.push('TELEGRAM_WEBHOOK_SECRET may only hold 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram\'s rule).');
  }
  return {
    token,
    apiRoot: reader.url('TELEGRAM_API_ROOT', 'https://api.telegram.org', ['https:', 'http:']).replace(/\/+$/, ''),
    webhookUrl: webhookUrl ? reader.url('TELEGRAM_WEBHOOK_URL', webhookUrl, ['https:', 'http:']) : undefined,
    webhookSecret,
  };
}
