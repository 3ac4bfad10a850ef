/**
 * Redis for production (issue 10): Sentinel and Cluster options parsed from the environment (no real Sentinel
 * needed), a tag-safe BullMQ prefix on Cluster, and the start-up check of eviction policy and persistence against
 * a redis-server of the test's own.
 */
import Redis from 'ioredis';
import { checkRedisForProduction, connectRedis, createRedisClient, readRedisTopology, urlOptions } from '../core/redis';
import { ConfigError } from '../core/config';
import { silentLogger } from '../core/log';
import { bullPrefix } from '../handoff/queue';
import { startRedisChild } from './helpers/redis-child';

describe('Redis topology from the environment', () => {
  test('unset: one server at REDIS_URL', () => {
    expect(readRedisTopology({})).toEqual({ topology: { kind: 'single' }, problems: [] });
  });

  test('Sentinel: nodes, the primary name, the sentinels password', () => {
    expect(readRedisTopology({ REDIS_SENTINELS: '10.0.0.1:26379, sentinel-2:26380', REDIS_SENTINEL_NAME: 'mymaster', REDIS_SENTINEL_PASSWORD: 's3' })).toEqual({
      topology: { kind: 'sentinel', name: 'mymaster', sentinelPassword: 's3', sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-2', port: 26380 }] },
      problems: [],
    });
  });

  test('Cluster: seed nodes, IPv6 in brackets', () => {
    expect(readRedisTopology({ REDIS_CLUSTER_NODES: 'redis-0:6379,[::1]:7000' }).topology).toEqual({ kind: 'cluster', nodes: [{ host: 'redis-0', port: 6379 }, { host: '::1', port: 7000 }] });
  });

  test('mistakes are named with the fix', () => {
    expect(readRedisTopology({ REDIS_SENTINELS: 'a:26379' }).problems).toEqual([expect.stringContaining('REDIS_SENTINEL_NAME is required')]);
    expect(readRedisTopology({ REDIS_CLUSTER_NODES: 'redis-0' }).problems).toEqual([expect.stringContaining('REDIS_CLUSTER_NODES has "redis-0": each node is host:port')]);
    expect(readRedisTopology({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'b:2' }).problems).toContain('Set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both.');
  });

  test('connectRedis refuses a bad topology as a configuration error', async () => {
    await expect(connectRedis('redis://127.0.0.1:6379', silentLogger, { env: { REDIS_CLUSTER_NODES: 'nope' } })).rejects.toBeInstanceOf(ConfigError);
  });

  test('REDIS_URL still gives password, user, database and TLS to the data nodes', () => {
    expect(urlOptions('rediss://bot:p%40ss@ignored:6379/2')).toEqual({ username: 'bot', password: 'p@ss', db: 2, tls: {} });
    expect(urlOptions('redis://127.0.0.1:6379')).toEqual({});
  });

  test('clients are built for each topology; on Cluster the BullMQ prefix is one hash tag', () => {
    const sentinel = createRedisClient('redis://:pw@x/1', { kind: 'sentinel', name: 'mymaster', sentinels: [{ host: '127.0.0.1', port: 1 }] }, { lazyConnect: true });
    expect(sentinel.options).toMatchObject({ name: 'mymaster', sentinels: [{ host: '127.0.0.1', port: 1 }], password: 'pw', db: 1 });
    const cluster = createRedisClient('redis://:pw@x', { kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 1 }] }, { lazyConnect: true, maxRetriesPerRequest: 3 });
    expect((cluster as unknown as { isCluster: boolean }).isCluster).toBe(true);
    expect(bullPrefix(cluster, 'support')).toBe('{support:bull}');
    expect(bullPrefix(sentinel, 'support')).toBe('support:bull');
    sentinel.disconnect();
    cluster.disconnect();
  });
});

describe('the production check at start', () => {
  test('eviction and no persistence are reported with the fix; a fixed Redis passes', async () => {
    const server = await startRedisChild(['--maxmemory-policy', 'allkeys-lru']);
    const redis = new Redis(server.url);
    try {
      const findings = await checkRedisForProduction(redis, silentLogger);
      expect(findings).toEqual([expect.stringMatching(/maxmemory-policy is allkeys-lru.*CONFIG SET maxmemory-policy noeviction/), expect.stringMatching(/no persistence.*appendonly yes/)]);
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      await redis.config('SET', 'appendonly', 'yes');
      expect(await checkRedisForProduction(redis, silentLogger)).toEqual([]);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  test('a Redis that refuses CONFIG (managed) is not a failure: the check says what to verify', async () => {
    const server = await startRedisChild(['--rename-command', 'CONFIG', '']);
    const redis = new Redis(server.url);
    const lines: string[] = [];
    try {
      const findings = await checkRedisForProduction(redis, { ...silentLogger, warn: (event) => lines.push(event) });
      expect(findings).toEqual([expect.stringContaining('could not read the Redis configuration')]);
      expect(lines).toEqual(['redis.config_unchecked']);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
