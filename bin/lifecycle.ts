/**
 * The process around the bot: readiness (`/readyz`), process-level error handlers, channel health reports, and the
 * graceful shutdown. bin/start.ts wires these; each is small enough to test on its own.
 *
 * Shutdown (SIGTERM/SIGINT), within SHUTDOWN_TIMEOUT (default 10 s) or the process exits 1 anyway:
 *   1. stop accepting: the listener closes, idle keep-alive connections close, new requests on open ones get 503
 *      (`/readyz` turns 503 at once, so a load balancer stops sending);
 *   2. drain: wait for webhook requests and customer turns in flight (a turn ends after its state is saved);
 *   3. stop channels (polling/gateways), the admin side, the handoff (BullMQ worker: its running page jobs finish);
 *   4. close Redis, close the staff console's readline (stdin never holds the process), exit.
 */
import { withDeadline } from '../core/deadline';
import type Redis from 'ioredis';
import type { Interface as ReadlineInterface } from 'node:readline';
import { ConfigError } from '../core/config';
import type { Logger } from '../core/log';
import type { ChannelAdapter, InboundMessage } from '../core/types';
import { InFlight } from '../server/in-flight';
import type { Readiness, WebhookServer } from '../server/http-server';

/** What an adapter may report about its connection (polling alive, gateway connected). Optional. */
export interface ChannelStatusReporter {
  status?(): { connected: boolean; detail?: string };
}

export interface ChannelHealthSink {
  setConnected(channel: string, connected: boolean): Promise<void>;
  recordError(channel: string, message: string): Promise<void>;
  isEnabled(channel: string): boolean;
  /** This process's last known connection state of a channel (undefined: never reported). */
  connectedHere(channel: string): boolean | undefined;
}

// ── turns in flight ────────────────────────────────────────────────────────────────────────────────────────────

/** Count the core's turns: wraps `handleInbound` (before channels start, since they capture it at start). */
export function trackTurns(core: { handleInbound: (message: InboundMessage) => Promise<void> }): InFlight {
  const turns = new InFlight();
  const handle = core.handleInbound;
  (core as { handleInbound: (message: InboundMessage) => Promise<void> }).handleInbound = (message) => turns.track(() => handle(message));
  return turns;
}

// ── channel health ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Report what channels do after they started into the channel health the admin page shows: a failed send is
 * recorded as the channel's last error; an adapter that reports its connection (`status()`) is watched, and a
 * disconnect or reconnect is recorded and logged. Returns a stop function.
 */
export function watchChannels(adapters: ChannelAdapter[], health: ChannelHealthSink, logger: Logger, intervalMs = 5000): () => void {
  for (const adapter of adapters) {
    const send = adapter.send.bind(adapter);
    adapter.send = async (...args: Parameters<ChannelAdapter['send']>) => {
      try {
        return await send(...args);
      } catch (error) {
        void health.recordError(adapter.platform, `send failed: ${(error as Error).message}`).catch(() => undefined);
        throw error;
      }
    };
  }
  const check = () => {
    for (const adapter of adapters) {
      const status = (adapter as ChannelAdapter & ChannelStatusReporter).status?.();
      if (!status || status.connected === health.connectedHere(adapter.platform)) continue;
      logger[status.connected ? 'info' : 'error'](status.connected ? 'channel.reconnected' : 'channel.disconnected', { channel: adapter.platform, detail: status.detail });
      void health.setConnected(adapter.platform, status.connected).catch(() => undefined);
      if (!status.connected) void health.recordError(adapter.platform, status.detail ?? 'disconnected').catch(() => undefined);
    }
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

// ── readiness ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface ReadinessSources {
  redis: Redis;
  /** BullMQ worker of this process; undefined when HANDOFF_WORKER=off. */
  worker?: { isRunning(): boolean };
  workerWanted: boolean;
  adapters: () => ChannelAdapter[];
  health: ChannelHealthSink;
  /** Redis must answer PING within this. Default 1 s. */
  pingTimeoutMs?: number;
}

/** Ready when Redis answers, the paging worker runs (if wanted), and every enabled channel is connected. */
export async function readiness(sources: ReadinessSources): Promise<Readiness> {
  const timeoutMs = sources.pingTimeoutMs ?? 1000;
  let redis = 'ok';
  try {
    await withDeadline(timeoutMs, () => sources.redis.ping());
  } catch (error) {
    redis = (error as Error).message;
  }
  const worker = !sources.workerWanted ? 'off' : sources.worker?.isRunning() ? 'running' : 'stopped';
  const channels = sources.adapters().map((adapter) => {
    const reported = (adapter as ChannelAdapter & ChannelStatusReporter).status?.();
    const enabled = sources.health.isEnabled(adapter.platform);
    const connected = reported?.connected ?? sources.health.connectedHere(adapter.platform) ?? true;
    return { channel: adapter.platform, state: !enabled ? 'disabled' : connected ? 'connected' : 'disconnected', ...(reported?.detail ? { detail: reported.detail } : {}) };
  });
  const ready = redis === 'ok' && worker !== 'stopped' && channels.every((c) => c.state !== 'disconnected');
  return { ready, redis, worker, channels };
}

// ── process-level handlers ─────────────────────────────────────────────────────────────────────────────────────

/** Errors after which the process cannot do its job: exit so the orchestrator restarts it. */
const FATAL_CODES = new Set(['EADDRINUSE', 'EACCES', 'ENOMEM', 'ERR_WORKER_OUT_OF_MEMORY']);

/**
 * An unhandled rejection or uncaught exception in one channel must not take the others (and the paging worker)
 * down: log one structured line and keep running. Truly fatal states exit 1: a fatal error code, or more than
 * `maxPerMinute` uncaught exceptions in a minute (something is looping on a broken state).
 */
export function installProcessHandlers(logger: Logger, options: { maxPerMinute?: number; exit?: (code: number) => void } = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const recent: number[] = [];
  const onRejection = (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    logger.error('process.unhandled_rejection', { error, stack: error.stack?.split('\n').slice(0, 6).join(' | '), kept: 'running' });
  };
  const onException = (error: Error) => {
    const now = Date.now();
    recent.push(now);
    while (recent.length && recent[0] < now - 60_000) recent.shift();
    const code = (error as NodeJS.ErrnoException).code;
    const fatal = (code !== undefined && FATAL_CODES.has(code)) || recent.length > (options.maxPerMinute ?? 10);
    logger.error('process.uncaught_exception', { error, code, stack: error.stack?.split('\n').slice(0, 6).join(' | '), kept: fatal ? 'exiting' : 'running' });
    if (fatal) exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

// ── graceful shutdown ──────────────────────────────────────────────────────────────────────────────────────────

export interface ShutdownPlan {
  logger: Logger;
  server: WebhookServer;
  turns: InFlight;
  timeoutMs: number;
  /** Stopped in order after the drain, each bounded by what is left of the deadline. */
  steps: Array<{ name: string; run: () => Promise<unknown>; onTimeout?: () => Promise<unknown> | void }>;
  redis: Redis;
  readline?: ReadlineInterface;
}

/** Run the shutdown; resolves with the exit code (0 clean, 1 when a step missed the deadline). */
export async function gracefulShutdown(plan: ShutdownPlan, signal: string): Promise<number> {
  const { logger, server, turns, timeoutMs } = plan;
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  logger.info('shutdown.started', { signal, timeoutMs, requests: server.inFlight.size, turns: turns.size });
  plan.readline?.close();
  process.stdin.pause();
  server.stopAccepting();
  // Keep a quarter of the budget for stopping things after the drain.
  const drainBudget = Math.max(0, Math.floor(timeoutMs * 0.75) - (timeoutMs - left()));
  const [requests, turnsDone] = await Promise.all([server.drain(drainBudget), turns.idle(drainBudget)]);
  logger.info(requests && turnsDone ? 'shutdown.drained' : 'shutdown.drain_incomplete', { requests: server.inFlight.size, turns: turns.size });
  let code = requests && turnsDone ? 0 : 1;
  for (const step of [...plan.steps, { name: 'http', run: () => server.close() }]) {
    const finished = await withinDeadline(step.run(), left());
    if (!finished) {
      code = 1;
      logger.warn('shutdown.step_timeout', { step: step.name });
      await withinDeadline(Promise.resolve(step.onTimeout?.()), 500);
    }
  }
  // Redis last: every turn above has saved (or was cut off and will be redelivered).
  const quit = await withinDeadline(plan.redis.quit(), Math.max(200, left()));
  if (!quit) plan.redis.disconnect();
  logger.info('shutdown.redis_closed', { turns: turns.size });
  logger.info('stopped', { code });
  return code;
}

async function withinDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** SHUTDOWN_TIMEOUT (seconds, default 10): the whole shutdown's budget. Keep Kubernetes' terminationGracePeriodSeconds above it. */
export function readShutdownTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.SHUTDOWN_TIMEOUT?.trim();
  if (!raw) return 10_000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) throw new ConfigError([`SHUTDOWN_TIMEOUT="${raw}" must be a whole number of seconds from 1 to 600 (default 10).`]);
  return seconds * 1000;
}
