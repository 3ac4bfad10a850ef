/**
 * Which customer channels run, and starting them. `CHANNELS` lists them (e.g. `telegram,slack`); unset, every
 * platform whose credentials are set runs. Each channel starts on its own: one with missing or rejected
 * credentials fails with a message naming the variable, and the others keep running.
 */
import type Redis from 'ioredis';
import type { Logger } from '../core/log';
import type { SupportCore } from '../core/support-core';
import type { ChannelAdapter } from '../core/types';
import type { Handoff } from '../handoff';
import type { WebhookServer } from '../server/http-server';
import { SlackCustomerAdapter } from '../adapters/slack/customers';
import type { SlackStaffSide } from '../adapters/slack/staff-side';
import { readTelegramConfig } from '../adapters/telegram/config';
import { TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { readTeamsConfig } from '../adapters/teams/config';
import { readDiscordConfig } from '../adapters/discord/config';
import { DiscordAdapter } from '../adapters/discord/discord-adapter';
import { TeamsAdapter } from '../adapters/teams/teams-adapter';
import { EnvReader } from '../core/config';
import type { DeadLetterSink } from '../adapters/shared/deliver';

import { PLATFORMS, type Platform } from '../core/platforms';
export { PLATFORMS, type Platform };

// Which channels run is configuration: bin/config.ts reads it with every other setting.
export { configuredChannels } from './config';

type Env = Record<string, string | undefined>;

export interface ChannelContext {
  core: SupportCore;
  env: Env;
  logger: Logger;
  redis: Redis;
  keyPrefix: string;
  handoff: Handoff;
  /** The Slack staff side (its Bolt app), when SLACK_BOT_TOKEN is set: Slack customers share it. */
  slack?: SlackStaffSide;
  /** The one HTTP server for every webhook; factories register their routes on it. */
  server: WebhookServer;
  /** Told when a channel connects or fails, for the admin page's health column. */
  health?: { setConnected(channel: string, connected: boolean): Promise<void>; recordError(channel: string, message: string): Promise<void> };
  /** Where gateway/polling channels and Slack customers (acked first) park a message the core could not take (admin/dead-letters.ts). */
  deadLetters?: DeadLetterSink;
}

export interface RunningChannels {
  adapters: ChannelAdapter[];
  stop(): Promise<void>;
}

/** Builds a platform's adapter from the environment; throws an error naming the variable when it cannot. */
type AdapterFactory = (context: ChannelContext) => Promise<ChannelAdapter>;

/** Read a channel's own settings; problems fail that channel only, naming the variables. */
function channelConfig<T>(env: Env, read: (reader: EnvReader) => T | undefined, credential: string): T {
  const reader = new EnvReader(env);
  const config = read(reader);
  reader.check();
  if (config === undefined) throw new Error(`${credential} is not set.`);
  return config;
}

const FACTORIES: Partial<Record<Platform, AdapterFactory>> = {
  // One gateway consumer / one poller per bot across replicas: the Redis lease; the others stand by.
  discord: async ({ env, logger, redis, keyPrefix, deadLetters }) =>
    new DiscordAdapter({ config: channelConfig(env, readDiscordConfig, 'DISCORD_BOT_TOKEN'), logger, deadLetters, lease: { redis, key: `${keyPrefix}:lease:discord` } }),
  teams: async ({ env, logger, server, redis, keyPrefix }) =>
    new TeamsAdapter({ config: channelConfig(env, (reader) => readTeamsConfig(reader, env), 'TEAMS_APP_ID'), redis, keyPrefix, server, logger }),
  telegram: async ({ env, logger, server, redis, keyPrefix, deadLetters }) => {
    const config = channelConfig(env, readTelegramConfig, 'TELEGRAM_BOT_TOKEN');
    const lease = { redis, key: `${keyPrefix}:lease:telegram:${config.token.split(':')[0]}` };
    return new TelegramAdapter({ config, logger, server, deadLetters, lease });
  },
  // Customers and staff share one Bolt app, created with the Slack staff side when SLACK_BOT_TOKEN is set.
  slack: async ({ slack, env, logger, deadLetters }) => {
    if (!slack) throw new Error('Slack needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_STAFF_CHANNEL.');
    const customerChannels = (env.SLACK_CUSTOMER_CHANNELS ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    return new SlackCustomerAdapter({ app: slack.app, staffChannel: env.SLACK_STAFF_CHANNEL ?? '', customerChannels, logger, deadLetters });
  },
};

export class NoChannelStartedError extends Error {
  override name = 'NoChannelStartedError';
}

export async function startChannels(channels: Platform[], context: ChannelContext): Promise<RunningChannels> {
  const adapters: ChannelAdapter[] = [];
  for (const platform of channels) {
    const factory = FACTORIES[platform];
    if (!factory) {
      context.logger.error('channel.unavailable', { channel: platform, why: `the ${platform} adapter is not available in this build yet` });
      continue;
    }
    try {
      const adapter = await factory(context);
      context.core.registerAdapter(adapter);
      await adapter.start(context.core.handleInbound);
      adapters.push(adapter);
      context.logger.info('channel.started', { channel: platform });
      await context.health?.setConnected(platform, true);
    } catch (error) {
      context.logger.error('channel.failed', { channel: platform, error });
      await context.health?.recordError(platform, (error as Error).message);
    }
  }
  if (adapters.length === 0) {
    throw new NoChannelStartedError(
      `No channel could start (configured: ${channels.join(', ')}). See the log lines above for the variable to fix, ` +
        'or unset the platform tokens to try the bot in the local terminal chat.',
    );
  }
  return {
    adapters,
    async stop() {
      await Promise.allSettled(adapters.map((a) => a.stop()));
    },
  };
}
