/**
 * The Redis connection every part shares. At start-up we wait until Redis answers, and if it does not, say how
 * to get one instead of hanging. Later, if Redis goes away, ioredis reconnects on its own; commands issued
 * meanwhile fail after a few retries, so the message is not marked processed and the platform redelivers it.
 */
import Redis, { Cluster, type ClusterNode, type RedisOptions as IoRedisOptions } from 'ioredis';
import { ConfigError } from './config';
import type { Logger } from './log';

export class RedisUnavailableError extends Error {
  constructor(url: string, cause: string) {
    super(
      `Cannot reach Redis at ${redactUrl(url)} (${cause}).\n` +
        '  Start one locally:  redis-server --daemonize yes --port 6379 --save "" --appendonly no\n' +
        '  (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)\n' +
        '  or point REDIS_URL at yours, e.g. REDIS_URL=redis://127.0.0.1:6379',
    );
    this.name = 'RedisUnavailableError';
  }
}

export interface RedisOptions {
  /** How long start-up waits for Redis to answer. Default 3 s. */
  connectTimeoutMs?: number;
  /**
   * BullMQ needs `maxRetriesPerRequest: null` on the connections it blocks on; plain commands want a bound so a
   * dead Redis surfaces as an error instead of a message waiting forever. Default 3.
   */
  maxRetriesPerRequest?: number | null;
  /** Where REDIS_SENTINELS / REDIS_CLUSTER_NODES are read. Default process.env. */
  env?: Env;
}

/**
 * Where Redis is: one server (REDIS_URL), a Sentinel-managed primary, or a Cluster.
 *
 * - Sentinel: `REDIS_SENTINELS=host:port,host:port` and `REDIS_SENTINEL_NAME` (the monitored primary's name, e.g.
 *   `mymaster`); `REDIS_SENTINEL_PASSWORD` when the sentinels themselves need one. ioredis asks the sentinels for
 *   the current primary and follows a fail-over.
 * - Cluster: `REDIS_CLUSTER_NODES=host:port,host:port` (a few seed nodes; the rest are discovered).
 *
 * In both, REDIS_URL still gives the password, user, database (Sentinel only) and TLS (`rediss://`) of the data
 * nodes; its host is then unused.
 */
export type RedisTopology =
  | { kind: 'single' }
  | { kind: 'sentinel'; sentinels: Array<{ host: string; port: number }>; name: string; sentinelPassword?: string }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }> };

type Env = Record<string, string | undefined>;

/** Read the topology variables; `problems` name each mistake (reported with the rest of the configuration). */
export function readRedisTopology(env: Env): { topology: RedisTopology; problems: string[] } {
  const problems: string[] = [];
  const sentinels = env.REDIS_SENTINELS?.trim();
  const cluster = env.REDIS_CLUSTER_NODES?.trim();
  const parseNodes = (name: string, value: string) =>
    value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(part);
      const port = match ? Number(match[2]) : NaN;
      if (!match || port < 1 || port > 65535) {
        problems.push(`${name} has "${part}": each node is host:port, e.g. ${name}=10.0.0.1:${name === 'REDIS_SENTINELS' ? 26379 : 6379},10.0.0.2:${name === 'REDIS_SENTINELS' ? 26379 : 6379}.`);
        return { host: part, port: 0 };
      }
      return { host: match[1].replace(/^\[|\]$/g, ''), port };
    });
  if (sentinels && cluster) problems.push('Set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both.');
  if (sentinels) {
    const name = env.REDIS_SENTINEL_NAME?.trim();
    if (!name) problems.push('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS: the name the sentinels monitor the primary under (e.g. mymaster).');
    const nodes = parseNodes('REDIS_SENTINELS', sentinels);
    return { topology: { kind: 'sentinel', sentinels: nodes, name: name ?? '', sentinelPassword: env.REDIS_SENTINEL_PASSWORD || undefined }, problems };
  }
  if (cluster) return { topology: { kind: 'cluster', nodes: parseNodes('REDIS_CLUSTER_NODES', cluster) }, problems };
  return { topology: { kind: 'single' }, problems };
}

/** The connection options REDIS_URL gives the data nodes (password, user, database, TLS). */
export function urlOptions(url: string): IoRedisOptions {
  const parsed = new URL(url);
  const options: IoRedisOptions = {};
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  const db = Number(parsed.pathname.replace(/^\//, ''));
  if (parsed.pathname.length > 1 && Number.isInteger(db)) options.db = db;
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options;
}

/** Build (not connect) the client for a topology. A Cluster speaks the same commands; it is typed as Redis here. */
export function createRedisClient(url: string, topology: RedisTopology, common: IoRedisOptions): Redis {
  if (topology.kind === 'sentinel') {
    return new Redis({ ...urlOptions(url), ...common, sentinels: topology.sentinels, name: topology.name, sentinelPassword: topology.sentinelPassword });
  }
  if (topology.kind === 'cluster') {
    const { lazyConnect, ...redisOptions } = common;
    const nodes: ClusterNode[] = topology.nodes;
    return new Cluster(nodes, { lazyConnect, redisOptions: { ...urlOptions(url), ...redisOptions }, clusterRetryStrategy: (times) => Math.min(times * 200, 2000) }) as unknown as Redis;
  }
  return new Redis(url, common);
}

export async function connectRedis(url: string, logger: Logger, options: RedisOptions = {}): Promise<Redis> {
  const { topology, problems } = readRedisTopology(options.env ?? process.env);
  if (problems.length) throw new ConfigError(problems);
  const redis = createRedisClient(url, topology, {
    lazyConnect: true,
    // Commands issued in the same tick (many conversations' turns in flight) go out in one write: one syscall
    // instead of one per command, which on a busy bot is a large share of a turn's CPU (README "Performance").
    // Order and semantics are unchanged; ioredis keeps SUBSCRIBE, MULTI and friends out of the batch.
    enableAutoPipelining: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  if (topology.kind !== 'single') logger.info('redis.topology', { kind: topology.kind, nodes: (topology.kind === 'sentinel' ? topology.sentinels : topology.nodes).map((n) => `${n.host}:${n.port}`).join(',') });
  let lastError = 'no answer';
  redis.on('error', (error: Error) => {
    lastError = (error as NodeJS.ErrnoException).code ?? error.message;
    logger.debug('redis.error', { error: lastError });
  });
  const timeout = options.connectTimeoutMs ?? 3000;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeout)),
    ]);
  } catch {
    redis.disconnect();
    throw new RedisUnavailableError(url, lastError === 'no answer' ? `no answer within ${timeout} ms` : lastError);
  }
  redis.on('reconnecting', () => logger.warn('redis.reconnecting', { url: redactUrl(url), error: lastError }));
  redis.on('ready', () => logger.info('redis.ready', { url: redactUrl(url) }));
  return redis;
}

/**
 * Production checks at start: a queue and conversation store must not lose keys. Warns (never fails) with the fix
 * when `maxmemory-policy` is not `noeviction` (Redis would evict keys, BullMQ jobs among them, when memory is full)
 * or when nothing is persisted (a restart loses every conversation and queued page). Managed Redis often refuses
 * CONFIG: then it says so and what to check in the provider's settings. Returns the findings.
 */
export async function checkRedisForProduction(redis: Redis, logger: Logger, level: 'warn' | 'info' = 'warn'): Promise<string[]> {
  const findings: string[] = [];
  let settings: Record<string, string>;
  try {
    const pairs = (await Promise.all(['maxmemory-policy', 'appendonly', 'save'].map((name) => redis.config('GET', name) as Promise<string[]>))).flat();
    settings = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) settings[pairs[i]] = pairs[i + 1];
  } catch (error) {
    const finding = 'could not read the Redis configuration (CONFIG GET refused, as on most managed Redis): make sure maxmemory-policy is noeviction and persistence (AOF or snapshots) is on in the provider\'s settings';
    logger[level]('redis.config_unchecked', { error: (error as Error).message, check: finding });
    return [finding];
  }
  const policy = settings['maxmemory-policy'];
  if (policy !== undefined && policy !== 'noeviction') {
    findings.push(`maxmemory-policy is ${policy}: Redis may evict conversations, locks and queued pages when memory is full. Fix: CONFIG SET maxmemory-policy noeviction (and in redis.conf)`);
  }
  const aof = settings.appendonly === 'yes';
  const snapshots = (settings.save ?? '').trim() !== '';
  if (!aof && !snapshots) {
    findings.push('no persistence (appendonly no, save ""): a Redis restart loses every conversation and queued page. Fix: CONFIG SET appendonly yes (appendfsync everysec; and in redis.conf)');
  } else if (!aof) {
    findings.push('snapshots only (appendonly no): a crash loses the writes since the last snapshot. Fix: CONFIG SET appendonly yes (appendfsync everysec)');
  }
  for (const finding of findings) logger[level]('redis.not_production_ready', { finding });
  return findings;
}

/** Never log a password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Delete every key under a prefix (SCAN, never KEYS, so a large Redis is not blocked). Returns how many. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
