/**
 * Everything `npm start` reads from the environment, in one pass: every group (core, handoff, language model,
 * channels, the HTTP server) pushes its problems into one EnvReader, checked once, so a single start lists
 * every mistake with its variable and fix. With NODE_ENV=production, development defaults that are unsafe in
 * production are refused, each with a named reason and what to set.
 */
import { EnvReader, readCoreConfig, type CoreConfig } from '../core/config';
import { readRedisTopology } from '../core/redis';
import { readLlmConfig, type LlmConfig } from '../core/llm/config';
import { readHandoffConfig, type HandoffConfig } from '../handoff/config';
import { readDiscordConfig } from '../adapters/discord/config';
import { readTeamsConfig } from '../adapters/teams/config';
import { readTelegramConfig } from '../adapters/telegram/config';
import { PLATFORMS, type Platform } from '../core/platforms';

type Env = Record<string, string | undefined>;

export interface StartConfig {
  core: CoreConfig;
  handoff: HandoffConfig;
  channels: Platform[];
  llm?: LlmConfig;
  /** PORT — the one HTTP server for webhooks (/slack/events, /api/messages, /telegram/webhook) and /healthz. */
  port: number;
  /** HOST — the interface it listens on (default 127.0.0.1; the Dockerfile sets 0.0.0.0). */
  host: string;
  /** METRICS_PORT — serve /metrics on its own server on 127.0.0.1 (no token), not on PORT. Unset: on PORT with ADMIN_TOKEN. */
  metricsPort?: number;
  /** ADMIN_TOKEN — turns on /admin and /admin/api (bearer token); unset, the admin side stays off. */
  adminToken?: string;
  /** SHUTDOWN_TIMEOUT (seconds, default 10) — how long a graceful shutdown may take (bin/lifecycle.ts). */
  shutdownTimeoutMs: number;
}

/** The variable whose presence means "this platform is configured". */
const CREDENTIAL: Record<Platform, string> = {
  telegram: 'TELEGRAM_BOT_TOKEN',
  discord: 'DISCORD_BOT_TOKEN',
  teams: 'TEAMS_APP_ID',
  slack: 'SLACK_BOT_TOKEN',
};

/** CHANNELS lists the channels to run (e.g. `telegram,slack`); unset, every platform whose credentials are set. */
export function configuredChannels(env: Env, reader: EnvReader): Platform[] {
  const listed = reader.optional('CHANNELS');
  if (!listed) return PLATFORMS.filter((p) => env[CREDENTIAL[p]]?.trim());
  const names = listed.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(PLATFORMS as readonly string[]).includes(n));
  if (unknown.length) reader.problems.push(`CHANNELS has unknown channel(s): ${unknown.join(', ')} (known: ${PLATFORMS.join(', ')}).`);
  return names.filter((n): n is Platform => (PLATFORMS as readonly string[]).includes(n));
}

/** Shortest ADMIN_TOKEN accepted in production. */
export const MIN_ADMIN_TOKEN_CHARS = 32;

/** Reads every setting, then throws one ConfigError listing every problem (none: returns the settings). */
export function readStartConfig(env: Env = process.env): StartConfig {
  const reader = new EnvReader(env);
  const core = readCoreConfig(env, reader);
  const handoff = readHandoffConfig(env, reader);
  const channels = configuredChannels(env, reader);
  const llm = readLlmConfig(env, reader);
  // Each configured channel's settings too, so their mistakes are listed with the rest (credentials a platform
  // rejects still fail only that channel, at start).
  if (channels.includes('telegram')) readTelegramConfig(reader);
  if (channels.includes('discord')) readDiscordConfig(reader);
  if (channels.includes('teams')) readTeamsConfig(reader, env);
  const config: StartConfig = {
    core,
    handoff,
    channels,
    llm,
    port: reader.integer('PORT', 3000, 1, 65535),
    host: reader.string('HOST', '127.0.0.1'),
    metricsPort: reader.optional('METRICS_PORT') === undefined ? undefined : reader.integer('METRICS_PORT', 9464, 1, 65535),
    adminToken: reader.optional('ADMIN_TOKEN'),
    shutdownTimeoutMs: reader.integer('SHUTDOWN_TIMEOUT', 10, 1, 600) * 1000,
  };
  // REDIS_SENTINELS / REDIS_CLUSTER_NODES are read where Redis is connected; their mistakes are listed here too.
  reader.problems.push(...readRedisTopology(env).problems);
  if (core.production) reader.problems.push(...productionProblems(env, config));
  reader.check();
  return config;
}

/** Development defaults that are unsafe in production, each with its reason and what to set instead. */
export function productionProblems(env: Env, config: StartConfig): string[] {
  const set = (name: string) => Boolean(env[name]?.trim());
  const problems: string[] = [];
  const why = 'NODE_ENV=production';
  if (!set('HOST')) {
    problems.push(`HOST is not set (${why}): say where the HTTP server listens — HOST=0.0.0.0 in a container or behind a load balancer, HOST=127.0.0.1 behind a reverse proxy on the same machine.`);
  }
  if (!set('KB_FILE')) {
    problems.push(`KB_FILE is not set (${why}): customers would be answered from the demo shop's knowledge base; set KB_FILE to your own (check it with npm run admin -- kb validate FILE).`);
  }
  if (config.adminToken && config.adminToken.length < MIN_ADMIN_TOKEN_CHARS) {
    problems.push(`ADMIN_TOKEN is ${config.adminToken.length} characters (${why}): use at least ${MIN_ADMIN_TOKEN_CHARS} random characters, e.g. openssl rand -hex 32, or unset it to keep the admin side off.`);
  }
  if (config.channels.length === 0) {
    problems.push(`No channel is configured (${why}): the terminal chat is for trying the bot out. Set a platform token (TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN, TEAMS_APP_ID, SLACK_BOT_TOKEN) or CHANNELS.`);
  }
  if (!config.handoff.slack) {
    problems.push(`SLACK_BOT_TOKEN is not set (${why}): handoffs would go to the local staff console, which nobody reads in production. Set SLACK_BOT_TOKEN, SLACK_STAFF_CHANNEL and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode); npm run admin -- slack manifest creates the app.`);
  }
  const webhook = env.TELEGRAM_WEBHOOK_URL?.trim();
  if (config.channels.includes('telegram') && webhook && !webhook.startsWith('https://')) {
    problems.push(`TELEGRAM_WEBHOOK_URL="${webhook}" is not https (${why}): Telegram only delivers to https URLs; put the bot behind TLS and use https://<host>/telegram/webhook.`);
  }
  return problems;
}
