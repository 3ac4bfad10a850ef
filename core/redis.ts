/**
 * The Redis connection every part shares. At start-up we wait until Redis answers, and if it does not, say how
 * to get one instead of hanging. Later, if Redis goes away, ioredis reconnects on its own; commands issued
 * meanwhile fail after a few retries, so the message is not marked processed and the platform redelivers it.
 */
import Redis from 'ioredis';
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
}

export async function connectRedis(url: string, logger: Logger, options: RedisOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
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
