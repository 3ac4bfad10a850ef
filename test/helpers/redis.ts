/**
 * Each test file gets its own key prefix on the real Redis (REDIS_URL or 127.0.0.1:6379) and deletes its keys
 * afterwards, so test files never see each other's state.
 */
import Redis from 'ioredis';
import { deleteByPrefix } from '../../core/redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

export function connectRedis(): Redis {
  // maxRetriesPerRequest null: the setting BullMQ requires; harmless for plain commands. Connected on first use:
  // a connection made at describe scope in a block that `-t` filters out then never opens, so jest can exit.
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  await deleteByPrefix(redis, prefix);
}
