/**
 * npm run admin -- <command>
 *
 *   channels list                 channels with their state and health
 *   channels enable|disable NAME  switch a channel on or off in every running replica (within 2 s)
 *   kb validate FILE              check a knowledge base file; every problem named by entry and field
 *   kb lint FILE [--json]         entries the matcher confuses, too few examples, duplicates; each with its fix
 *   kb reload                     check KB_FILE and import it into Redis as a new KB version; every replica serves it
 *   stats [--days N] [--json]     how support is doing (the dashboard's figures; N from 1 to 90, default 14)
 *   slack manifest | teams package | discord invite-url   set-up generators (bin/admin-setup.ts)
 *
 * Talks to Redis (REDIS_URL, KEY_PREFIX) and the KB file directly, so it works without the admin token or HTTP.
 */
import type { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { EnvReader, readCoreConfig } from '../core/config';
import { KnowledgeBaseError, loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { connectRedis, RedisUnavailableError } from '../core/redis';
import { ChannelSwitches } from '../admin/channel-switches';
import { KbStore } from '../admin/kb-store';
import { formatLint, lintKnowledgeBase } from '../admin/kb-lint';
import { SupportMetrics, type MetricsSummary } from '../admin/metrics';
import { definitionsForJson, METRIC_DEFINITIONS, type MetricKey } from '../admin/metrics-definitions';
import { HandoffRecords } from '../handoff/records';
import { readHandoffConfig } from '../handoff/config';
import { PLATFORMS } from '../core/platforms';
import { parseFlags, UsageError } from './flags';
import { isSetupCommand, runSetup, SETUP_FLAGS, SETUP_USAGE } from './admin-setup';

const USAGE = `usage: npm run admin -- channels list | channels enable NAME | channels disable NAME | kb validate FILE | kb lint FILE [--json] | kb reload | stats [--days N] [--json] | ${SETUP_USAGE}`;

export interface AdminCliIo {
  env: NodeJS.ProcessEnv;
  out: Writable;
  err: Writable;
  /** How to reach Redis. Default: core/redis.ts's connectRedis (waits up to 3 s, then says how to start one). */
  connect?: (url: string) => Promise<Redis>;
}

/** Run one admin command; returns the exit code (0 ok, 1 failed, 2 usage). Errors are printed, never thrown. */
export async function runAdmin(argv: string[], io: AdminCliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof KnowledgeBaseError || error instanceof RedisUnavailableError || (error as Error).name === 'ConfigError';
    io.err.write(`${known ? (error as Error).message : `admin failed: ${(error as Error).stack ?? error}`}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function run(argv: string[], { env, out, connect = (url) => connectRedis(url, silentLogger) }: AdminCliIo): Promise<number> {
  const print = (text: string) => out.write(`${text}\n`);
  const flags = parseFlags(argv, { json: 'boolean', days: 'string', ...SETUP_FLAGS }, USAGE);
  const [group, action, argument] = flags._;
  // Set-up generators need neither Redis nor configuration.
  if (isSetupCommand(group, action)) return runSetup(group, flags, print);
  const known = (group === 'channels' && [undefined, 'list', 'enable', 'disable'].includes(action)) || (group === 'kb' && ['validate', 'lint', 'reload'].includes(action)) || group === 'stats';
  if (!known) throw new UsageError(USAGE);

  if (group === 'kb' && action === 'validate') {
    if (!argument) throw new UsageError(`kb validate needs a FILE\n${USAGE}`);
    const kb = loadKnowledgeBaseFile(argument);
    print(`${argument} is valid: ${kb.entries.length} entries (${kb.entries.filter((e) => e.handoff).length} always go to a person), version ${kb.version}.`);
    return 0;
  }
  if (group === 'kb' && action === 'lint') {
    if (!argument) throw new UsageError(`kb lint needs a FILE\n${USAGE}`);
    const issues = lintKnowledgeBase(loadKnowledgeBaseFile(argument).entries);
    print(flags.json ? JSON.stringify({ issues }) : formatLint(issues));
    return issues.length ? 1 : 0;
  }
  const days = flags.days === undefined ? 14 : Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new UsageError(`--days must be a whole number from 1 to 90\n${USAGE}`);
  if (group === 'channels' && (action === 'enable' || action === 'disable') && !(PLATFORMS as readonly string[]).includes(argument ?? '')) {
    throw new UsageError(`unknown channel "${argument ?? ''}" (known: ${PLATFORMS.join(', ')})\n${USAGE}`);
  }

  const reader = new EnvReader(env);
  const config = readCoreConfig(env, reader);
  const handoffConfig = readHandoffConfig(env, reader);
  reader.check();

  if (group === 'kb' && action === 'reload') {
    // Check the file first: an invalid one is refused anyway, but the admin should see why here.
    const kb = loadKnowledgeBaseFile(config.knowledgeBaseFile);
    const redis = await connect(config.redisUrl);
    try {
      // The KB lives in Redis (admin/kb-store.ts): reload imports the file as a new version, which every replica loads.
      const store = new KbStore(redis, config.keyPrefix);
      const imported = await store.importFile(config.knowledgeBaseFile, 'cli (kb reload)');
      if (!imported.ok) throw new KnowledgeBaseError(config.knowledgeBaseFile, imported.problems);
      const { revision } = imported.version;
      if (imported.unchanged) {
        print(`${config.knowledgeBaseFile} is valid (${kb.entries.length} entries) and already the knowledge base in Redis (revision ${revision}); nothing to import.`);
        return 0;
      }
      const receivers = await store.publish(revision);
      print(
        receivers
          ? `${config.knowledgeBaseFile} is valid (${kb.entries.length} entries, version ${kb.version}); imported into Redis as revision ${revision}; ${receivers} running replica(s) asked to load it.`
          : `${config.knowledgeBaseFile} is valid (${kb.entries.length} entries, version ${kb.version}); imported into Redis as revision ${revision}; no replica is running under KEY_PREFIX "${config.keyPrefix}": it is served from the next start.`,
      );
      return 0;
    } finally {
      redis.disconnect();
    }
  }

  const redis = await connect(config.redisUrl);
  try {
    const switches = new ChannelSwitches({ redis, keyPrefix: config.keyPrefix, logger: silentLogger });
    if (group === 'channels' && (action === 'list' || action === undefined)) {
      for (const c of await switches.health(PLATFORMS)) {
        print(`${c.channel.padEnd(9)} ${c.enabled ? 'on ' : 'off'}  ${c.connected ? 'connected' : 'not connected'}  last event ${c.lastEventAt ?? '—'}${c.lastError ? `  last error (${c.lastErrorAt}): ${c.lastError}` : ''}`);
      }
      return 0;
    }
    if (group === 'channels') {
      await switches.setEnabled(argument!, action === 'enable', 'cli');
      print(`${argument} is now ${action === 'enable' ? 'on' : 'off'} in every running replica.`);
      return 0;
    }
    const records = new HandoffRecords(redis, config.keyPrefix, handoffConfig.recordRetentionSeconds);
    const summary = await new SupportMetrics({ redis, keyPrefix: config.keyPrefix, records, logger: silentLogger }).summary(days);
    // `definitions` is added next to the existing fields (tools read those): what each figure counts.
    print(flags.json ? JSON.stringify({ ...summary, definitions: definitionsForJson() }) : formatStats(summary));
    return 0;
  } finally {
    redis.disconnect();
  }
}

/** The dashboard's figures as text, each followed by its definition (admin/metrics-definitions.ts, as on the page). */
export function formatStats(s: MetricsSummary): string {
  const lines = statsLines(s);
  return [`last ${s.window.days} days (${s.window.from} to ${s.window.to}, UTC)`, ...lines.map(([key, line]) => `${line}\n    ${METRIC_DEFINITIONS[key].definition}`)].join('\n');
}

/** One line per figure, with the key of its definition. */
export function statsLines(s: MetricsSummary): [MetricKey, string][] {
  const d = (seconds?: number) => (seconds === undefined ? '—' : seconds < 120 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`);
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  const reasons = Object.entries(s.handoffs.reasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  return [
    ['conversations', `conversations                ${s.conversations.total}`],
    ['resolved_by_bot', `resolved by the bot          ${pct(s.bot.resolvedShare)} (${s.bot.resolvedConfirmed}, confirmed by the customer)`],
    ['abandoned', `abandoned or still open      ${pct(s.bot.abandonedShare)} (${s.bot.abandoned}, neither confirmed nor handed off; not counted as resolved)`],
    ['handoff_rate', `handoff rate                 ${pct(s.handoffs.rate)} (${s.handoffs.total}: ${reasons})`],
    ['time_to_claim', `time to claim, median / p90  ${d(s.timeToClaimSeconds.median)} / ${d(s.timeToClaimSeconds.p90)} (${s.timeToClaimSeconds.samples} claimed)`],
    ['resolution_time', `resolution, median / p90     ${d(s.resolutionSeconds.median)} / ${d(s.resolutionSeconds.p90)} (${s.resolutionSeconds.samples} resolved)`],
    ['rating', `ratings                      ${s.ratings.count ? `${s.ratings.average} average over ${s.ratings.count}` : 'none yet'}`],
    ['loops_caught', `loops caught                 ${s.loopsCaught}`],
  ];
}

if (require.main === module) {
  void runAdmin(process.argv.slice(2), { env: process.env, out: process.stdout, err: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
