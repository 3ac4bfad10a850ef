/** Discord settings, validated at start-up. */
import type { EnvReader } from '../../core/config';

export interface DiscordConfig {
  /** DISCORD_BOT_TOKEN — the bot token from the developer portal (Bot page). */
  token: string;
  /** DISCORD_API_URL — REST base URL (proxies, local emulators); the gateway URL is asked from it. */
  apiUrl: string;
  /** DISCORD_SUPPORT_CHANNEL_ID — a server channel where mentioning the bot starts a support thread. */
  supportChannelId?: string;
}

export function readDiscordConfig(reader: EnvReader): DiscordConfig | undefined {
  const token = reader.optional('DISCORD_BOT_TOKEN');
  if (!token) return undefined;
  const supportChannelId = reader.optional('DISCORD_SUPPORT_CHANNEL_ID');
  if (supportChannelId && !/^\d{5,25}$/.test(supportChannelId)) {
    reader.problems.push('DISCORD_SUPPORT_CHANNEL_ID must be a channel id (digits): right-click the channel → Copy Channel ID, with Developer Mode on.');
  }
  return { token, apiUrl: reader.url('DISCORD_API_URL', 'https://discord.com/api', ['https:', 'http:']).replace(/\/+$/, ''), supportChannelId };
}
