/**
 * npm start
 *
 * With no platform configured: a local terminal chat against the knowledge base, with the local staff console in
 * the same terminal (`/staff …` commands), through the same Redis queue a real deployment uses.
 * With platforms configured: runs those channels (see README, "Channels").
 */
import type Redis from 'ioredis';
import { Answerer } from '../core/answerer';
import { ConfigError } from '../core/config';
import { readStartConfig } from './config';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { CustomerRateLimiter, RedisRateCounter } from '../core/rate-limit';
import { KnowledgeBaseError } from '../core/knowledge-base';
import { createLogger, type Logger } from '../core/log';
import { checkRedisForProduction, connectRedis, RedisUnavailableError } from '../core/redis';
import { SupportCore, type CoreEvent } from '../core/support-core';
import { consoleStaffSide, createHandoff, type Handoff } from '../handoff';
import { createComposerSettings } from '../core/llm/llm-composer';
import type { OpenAiLanguageModel } from '../adapters/llm/openai-language-model';
import { describeEvent, startTerminalChat } from './terminal-chat';
import type { RunningChannels } from './channels';
import { createInterface, type Interface as ReadlineInterface } from 'node:readline';
import { gracefulShutdown, installProcessHandlers, readiness, readShutdownTimeoutMs, trackTurns, watchChannels } from './lifecycle';
import { WebhookServer } from '../server/http-server';
import { registerAdmin } from '../admin/api';
import { ChannelSwitches } from '../admin/channel-switches';
import { KnowledgeAdmin } from '../admin/knowledge-admin';
import { KbStore, openKnowledgeBase } from '../admin/kb-store';
import { SupportMetrics } from '../admin/metrics';
import { DeadLetters } from '../admin/dead-letters';
import { staffTeaching } from '../admin/learn';
import type { createSlackStaffSide } from '../adapters/slack/staff-side';
import type { registerSlackTeaching } from '../adapters/slack/teaching';
import { platformOf } from '../core/types';
import { redact } from '../core/redact';

async function main(): Promise<number> {
  const env = process.env;
  // Every setting in one pass (bin/config.ts): one ConfigError lists every mistake.
  const { core: config, handoff: handoffConfig, channels, llm: llmConfig, port, host, metricsPort, adminToken } = readStartConfig(env);

  const local = channels.length === 0;
  // In the terminal chat, log lines would interleave with the conversation: keep them to warnings unless asked.
  const logger = createLogger(local && !env.LOG_LEVEL ? 'warn' : config.logLevel, undefined, config.logFormat);

  // One channel's stray rejection or exception must not take the others down (truly fatal states still exit).
  installProcessHandlers(logger);
  const shutdownTimeoutMs = readShutdownTimeoutMs(env);
  const redis = await connectRedis(config.redisUrl, logger);
  void checkRedisForProduction(redis, logger, local ? 'info' : 'warn'); // eviction or no persistence: warn with the fix
  // The KB every replica serves lives in Redis (admin/kb-store.ts); KB_FILE is imported on the first start.
  const { version: kbVersion, kb } = await openKnowledgeBase(new KbStore(redis, config.keyPrefix), config.knowledgeBaseFile, logger);
  const answerer = new Answerer(kb);
  const store = new RedisConversationStore(redis, { keyPrefix: config.keyPrefix, ttlSeconds: config.conversationTtlSeconds, historyLimit: config.historyLimit });
  // Staff work in Slack when it is configured (one Bolt app for staff and Slack customers), else in this terminal.
  // Platform SDKs load only when used (a start without them, like the terminal chat, skips seconds of loading).
  const slackModules = handoffConfig.slack ? await loadSlack() : undefined;
  const slack = handoffConfig.slack && slackModules ? slackModules.createSlackStaffSide({ config: handoffConfig.slack, redis, logger }) : undefined;
  const handoff = createHandoff({ redis, keyPrefix: config.keyPrefix, logger, config: handoffConfig, staff: slack ?? consoleStaffSide(process.stdout) });

  // The model is optional: without OPENAI_API_KEY everything runs offline. It reads the KB through the core, so a
  // reloaded knowledge base is what it grounds on.
  const composer = llmConfig
    ? createComposerSettings(llmConfig, { languageModel: new (await loadOpenAi())(llmConfig), redis, keyPrefix: config.keyPrefix, logger, knowledgeBase: () => core.knowledgeBase })
    : undefined;
  if (composer && llmConfig) {
    logger.info('llm.enabled', { model: llmConfig.model, baseUrl: llmConfig.baseUrl, embeddings: llmConfig.embeddingModel ?? 'off' });
    void composer.index?.prepare(kb).catch(() => undefined); // warm the vectors; failures are logged and retried on use
  }

  // Admin side: channel switches (the core's gate), metrics from every event, KB management.
  const switches = new ChannelSwitches({ redis, keyPrefix: config.keyPrefix, logger });
  await switches.start();
  const metrics = new SupportMetrics({ redis, keyPrefix: config.keyPrefix, records: handoff.records, logger });
  // Customer messages a gateway/polling platform could not hand to the core after every retry (never dropped).
  const deadLetters = new DeadLetters({ redis, keyPrefix: config.keyPrefix, logger, registry: metrics.registry, redact: config.redact ? redact : undefined });

  let notify: (event: CoreEvent) => void = () => {};
  const core: SupportCore = new SupportCore({
    composer,
    store,
    answerer,
    handoff: handoff.port,
    logger,
    maxMessageChars: config.maxMessageChars,
    waitingBotAnswers: config.waitingBotAnswers,
    redact: config.redact,
    rateLimiter: config.customerRateLimit ? new CustomerRateLimiter(new RedisRateCounter(redis, config.keyPrefix), config.customerRateLimit) : undefined,
    channelGate: switches,
    onEvent: (event) => {
      metrics.onEvent(event);
      if (event.type === 'decision' || event.type === 'relayed_to_staff') switches.noteActivity(platformOf(event.address));
      notify(event);
    },
  });
  const turns = trackTurns(core); // turns in flight, drained at shutdown before Redis closes
  await handoff.start(core);
  const knowledge = new KnowledgeAdmin({
    core,
    file: config.knowledgeBaseFile,
    redis,
    keyPrefix: config.keyPrefix,
    logger,
    initial: kbVersion,
    audit: handoff.audit,
    onChange: (newKb) => void composer?.index?.prepare(newKb).catch(() => undefined),
  });
  await knowledge.start();
  if (slack && slackModules) slackModules.registerSlackTeaching({ app: slack.app, teaching: staffTeaching({ knowledge, records: handoff.records }), logger });

  let running: RunningChannels | undefined;
  const server = new WebhookServer({
    logger,
    health: () => ({ channels: running?.adapters.map((a) => a.platform) ?? [] }),
    // /readyz: Redis answers, the paging worker runs, every enabled channel is connected, not draining.
    readiness: () => readiness({ redis, worker: handoff.worker, workerWanted: handoffConfig.runWorker, adapters: () => running?.adapters ?? [], health: switches }),
  });
  // METRICS_PORT: /metrics on its own listener, reachable from this machine only (a scraper sidecar or agent).
  const metricsServer = metricsPort === undefined ? undefined : new WebhookServer({ logger });
  registerAdmin({ server, token: adminToken, core, channels: switches, knowledge, records: handoff.records, metrics, metricsServer, audit: handoff.audit, deadLetters, logger });
  if (metricsServer) await metricsServer.listen(metricsPort!, '127.0.0.1');
  const stopAll = async () => {
    await metricsServer?.close();
    await server.close();
    await knowledge.stop();
    await switches.stop();
    await metrics.close().catch((error) => logger.warn('metrics.flush_failed', { error })); // counts still in memory
    await shutdown(logger, redis, handoff, running);
  };

  if (local) {
    // The admin page works in the try-out too, when asked for.
    if (adminToken) {
      const listening = await server.listen(port, host);
      process.stdout.write(`Admin page: http://127.0.0.1:${listening}/admin\n`);
    }
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
    await stopAll();
    return 0;
  }

  // Slack's events, clicks and slash commands (customers and staff) arrive here unless SLACK_PORT gives them their own port.
  // In Socket Mode (SLACK_APP_TOKEN) they come over the app's own WebSocket instead: no endpoint.
  if (slack?.requestListener && !handoffConfig.slack?.port) server.route('POST', '/slack/events', slack.requestListener);
  // The channel adapters (and their platform SDKs) load only here: the terminal chat never pays for them.
  const { startChannels } = await import('./channels');
  running = await startChannels(channels, { core, env, logger, redis, keyPrefix: config.keyPrefix, handoff, slack, server, health: switches, deadLetters });
  const stopWatching = watchChannels(running.adapters, switches, logger); // disconnects and send failures → channel health
  await server.listen(port, host);
  let staffConsole: ReadlineInterface | undefined;
  if (handoff.console) {
    // No Slack: staff work from this terminal, so handoffs are never stranded.
    logger.warn('handoff.console_staff', { why: 'SLACK_BOT_TOKEN is not set', how: 'type /staff help here' });
    staffConsole = createInterface({ input: process.stdin });
    staffConsole.on('line', (line) => void handoff.console!.handleCommand(line.trim()));
  }
  const signal = await waitForSignal(logger);
  stopWatching();
  // A backstop: whatever hangs, the process is gone shortly after SHUTDOWN_TIMEOUT.
  setTimeout(() => {
    logger.error('shutdown.forced', { timeoutMs: shutdownTimeoutMs });
    process.exit(1);
  }, shutdownTimeoutMs + 500).unref();
  const stoppedChannels = running;
  return gracefulShutdown(
    {
      logger,
      server,
      turns,
      timeoutMs: shutdownTimeoutMs,
      redis,
      readline: staffConsole,
      steps: [
        { name: 'channels', run: () => stoppedChannels.stop() },
        { name: 'admin', run: async () => (await knowledge.stop(), await switches.stop()) },
        { name: 'handoff', run: () => handoff.stop(), onTimeout: () => handoff.worker?.close(true) },
      ],
    },
    signal,
  );
}

async function loadSlack(): Promise<{ createSlackStaffSide: typeof createSlackStaffSide; registerSlackTeaching: typeof registerSlackTeaching }> {
  const [{ createSlackStaffSide }, { registerSlackTeaching }] = await Promise.all([import('../adapters/slack/staff-side'), import('../adapters/slack/teaching')]);
  return { createSlackStaffSide, registerSlackTeaching };
}

async function loadOpenAi(): Promise<typeof OpenAiLanguageModel> {
  return (await import('../adapters/llm/openai-language-model')).OpenAiLanguageModel;
}

async function shutdown(logger: Logger, redis: Redis, handoff: Handoff, running?: RunningChannels): Promise<void> {
  await running?.stop();
  await handoff.stop();
  await redis.quit().catch(() => redis.disconnect());
  logger.info('stopped');
}

function waitForSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info('shutting_down', { signal });
      resolve(signal);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main().then(
  (code) => {
    // Exit now: a platform SDK's timer or socket left open must not keep a stopped bot alive.
    process.exit(code);
  },
  (error) => {
    const known =
      error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof RedisUnavailableError || (error as Error).name === 'NoChannelStartedError';
    if (process.env.LOG_FORMAT?.trim() === 'json') {
      // Log shippers get the failure as one JSON line too, configuration problems as a list.
      const problems = error instanceof ConfigError ? error.problems : undefined;
      createLogger('error', undefined, 'json').error('start.failed', { problems, error: known && !problems ? (error as Error).message : problems ? undefined : error });
    } else {
      console.error(known ? error.message : `Failed to start: ${(error as Error).stack ?? error}`);
    }
    process.exit(1);
  },
);
