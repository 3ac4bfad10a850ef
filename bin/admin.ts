/**
 * npm run admin -- <command>
 *
 *   channels list                 channels with their state and health
 *   channels enable|disable NAME  switch a channel on or off in every running replica
 *   kb validate FILE              check a knowledge base file; every problem named by entry and field
 *   kb reload                     make every running replica re-read KB_FILE
 *   stats [--json]                how support is doing (the dashboard's figures)
 *
 * Talks to Redis directly (REDIS_URL, KEY_PREFIX), so it works without the admin token or HTTP.
 */
import { EnvReader, readCoreConfig } from '../core/config';
import { KnowledgeBaseError, loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { connectRedis, RedisUnavailableError } from '../core/redis';
import { ChannelSwitches } from '../admin/channel-switches';
import { SupportMetrics } from '../admin/metrics';
import { HandoffRecords } from '../handoff/records';
import { readHandoffConfig } from '../handoff/config';
import { PLATFORMS } from '../adapters/platforms';
import { parseFlags, UsageError } from './flags';

const USAGE = `usage: npm run admin -- channels list | channels enable NAME | channels disable NAME | kb validate FILE | kb reload | stats [--json]`;

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { json: 'boolean' }, USAGE);
  const [group, action, argument] = flags._;

  if (group === 'kb' && action === 'validate') {
    if (!argument) throw new UsageError(USAGE);
    const kb = loadKnowledgeBaseFile(argument);
    console.log(`${argument} is valid: ${kb.entries.length} entries (${kb.entries.filter((e) => e.handoff).length} always go to a person), version ${kb.version}.`);
    return 0;
  }

  const reader = new EnvReader(process.env);
  const config = readCoreConfig(process.env, reader);
  const handoffConfig = readHandoffConfig(process.env, reader);
  const redis = await connectRedis(config.redisUrl, silentLogger);
  try {
    const switches = new ChannelSwitches({ redis, keyPrefix: config.keyPrefix, logger: silentLogger });
    if (group === 'channels' && (action === 'list' || action === undefined)) {
      for (const c of await switches.health(PLATFORMS)) {
        console.log(`${c.channel.padEnd(9)} ${c.enabled ? 'on ' : 'off'}  ${c.connected ? 'connected' : 'not connected'}  last event ${c.lastEventAt ?? '—'}${c.lastError ? `  last error: ${c.lastError}` : ''}`);
      }
      return 0;
    }
    if (group === 'channels' && (action === 'enable' || action === 'disable')) {
      if (!argument || !(PLATFORMS as readonly string[]).includes(argument)) throw new UsageError(`unknown channel "${argument ?? ''}" (known: ${PLATFORMS.join(', ')})\n${USAGE}`);
      await switches.setEnabled(argument, action === 'enable', 'cli');
      console.log(`${argument} is now ${action === 'enable' ? 'on' : 'off'} in every running replica.`);
      return 0;
    }
    if (group === 'kb' && action === 'reload') {
      const receivers = await redis.publish(`${config.keyPrefix}:kb:changed`, 'reload');
      console.log(`Asked ${receivers} running replica(s) to re-read ${config.knowledgeBaseFile}.`);
      return 0;
    }
    if (group === 'stats') {
      const records = new HandoffRecords(redis, config.keyPrefix, handoffConfig.recordRetentionSeconds);
      const summary = await new SupportMetrics({ redis, keyPrefix: config.keyPrefix, records, logger: silentLogger }).summary();
      if (flags.json) {
        console.log(JSON.stringify(summary));
        return 0;
      }
      const d = (s?: number) => (s === undefined ? '—' : `${Math.round(s)} s`);
      console.log(
        [
          `conversations (14 days)      ${summary.conversations.total}`,
          `resolved by the bot          ${Math.round(summary.bot.resolvedShare * 100)}% (confirmed by the customer; ${summary.bot.unconfirmed} answered but unconfirmed)`,
          `handoff rate                 ${Math.round(summary.handoffs.rate * 100)}% (${Object.entries(summary.handoffs.reasons).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})`,
          `time to claim, median / p90  ${d(summary.timeToClaimSeconds.median)} / ${d(summary.timeToClaimSeconds.p90)}`,
          `resolution, median / p90     ${d(summary.resolutionSeconds.median)} / ${d(summary.resolutionSeconds.p90)}`,
          `ratings                      ${summary.ratings.count ? `${summary.ratings.average} average over ${summary.ratings.count}` : 'none yet'}`,
          `loops caught                 ${summary.loopsCaught}`,
        ].join('\n'),
      );
      return 0;
    }
    throw new UsageError(USAGE);
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    const known = error instanceof UsageError || error instanceof KnowledgeBaseError || error instanceof RedisUnavailableError || (error as Error).name === 'ConfigError';
    console.error(known ? (error as Error).message : `admin failed: ${(error as Error).stack ?? error}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
