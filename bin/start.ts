/**
 * npm start
 *
 * With no platform configured: a local terminal chat against the knowledge base, with the local staff console in
 * the same terminal (`/staff …` commands), through the same Redis queue a real deployment uses.
 * With platforms configured: runs those channels (see README, "Channels").
 */
import type Redis from 'ioredis';
import { Answerer } from '../core/answerer';
import { ConfigError, EnvReader, readCoreConfig } from '../core/config';
import { ConversationStore } from '../core/conversation-store';
import { KnowledgeBaseError, loadKnowledgeBaseFile } from '../core/knowledge-base';
import { createLogger, type Logger } from '../core/log';
import { connectRedis, RedisUnavailableError } from '../core/redis';
import { SupportCore, type CoreEvent } from '../core/support-core';
import { createHandoff, readHandoffConfig, type Handoff } from '../handoff';
import { describeEvent, startTerminalChat } from './terminal-chat';
import { configuredChannels, startChannels, type RunningChannels } from './channels';

async function main(): Promise<number> {
  const env = process.env;
  const reader = new EnvReader(env);
  const config = readCoreConfig(env, reader);
  const handoffConfig = readHandoffConfig(env, reader);
  const channels = configuredChannels(env, reader);
  reader.check();

  const local = channels.length === 0;
  // In the terminal chat, log lines would interleave with the conversation: keep them to warnings unless asked.
  const logger = createLogger(local && !env.LOG_LEVEL ? 'warn' : config.logLevel);

  const kb = loadKnowledgeBaseFile(config.knowledgeBaseFile);
  const redis = await connectRedis(config.redisUrl, logger);
  const answerer = new Answerer(kb);
  const store = new ConversationStore(redis, { keyPrefix: config.keyPrefix, ttlSeconds: config.conversationTtlSeconds, historyLimit: config.historyLimit });
  const handoff = createHandoff({ redis, keyPrefix: config.keyPrefix, logger, config: handoffConfig, consoleOutput: process.stdout });

  let notify: (event: CoreEvent) => void = () => {};
  const core = new SupportCore({
    store,
    answerer,
    handoff: handoff.port,
    logger,
    maxMessageChars: config.maxMessageChars,
    onEvent: (event) => notify(event),
  });
  await handoff.start(core);

  if (local) {
    const pagingNote = handoffConfig.slack
      ? `Staff are paged in Slack channel ${handoffConfig.slack.staffChannel}.`
      : 'No Slack configured, so the local staff console pages here: type /staff help.';
    const chat = await startTerminalChat({
      core,
      input: process.stdin,
      output: process.stdout,
      color: process.stdout.isTTY,
      pagingNote,
      onCommand: handoff.console ? (line) => handoff.console!.handleCommand(line) : undefined,
    });
    notify = (event) => {
      const note = describeEvent(event, pagingNote);
      if (note) chat.note(note);
    };
    await chat.closed;
    await shutdown(logger, redis, handoff);
    return 0;
  }

  const running = await startChannels(channels, { core, env, logger, redis, keyPrefix: config.keyPrefix, handoff });
  await waitForSignal(logger);
  await shutdown(logger, redis, handoff, running);
  return 0;
}

async function shutdown(logger: Logger, redis: Redis, handoff: Handoff, running?: RunningChannels): Promise<void> {
  await running?.stop();
  await handoff.stop();
  await redis.quit().catch(() => redis.disconnect());
  logger.info('stopped');
}

function waitForSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info('shutting_down', { signal });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const known = error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof RedisUnavailableError;
    console.error(known ? error.message : `Failed to start: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
