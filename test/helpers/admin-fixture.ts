/** A running admin side on the real Redis: core, switches, metrics, KB admin and the API on a local server. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { Answerer } from '../../core/answerer';
import { RedisConversationStore } from '../../core/redis-conversation-store';
import { loadKnowledgeBaseFile } from '../../core/knowledge-base';
import { silentLogger } from '../../core/log';
import { SupportCore } from '../../core/support-core';
import { WebhookServer } from '../../server/http-server';
import { registerAdmin } from '../../admin/api';
import { ChannelSwitches } from '../../admin/channel-switches';
import { KnowledgeAdmin } from '../../admin/knowledge-admin';
import { SupportMetrics } from '../../admin/metrics';
import { HandoffRecords } from '../../handoff/records';
import { RecordingAdapter } from '../kit/recording-adapter';
import { buildCore } from '../kit/core-builder';
import { connectRedis, deleteKeys, uniquePrefix } from './redis';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface AdminFixture {
  base: string;
  prefix: string;
  kbFile: string;
  redis: Redis;
  core: SupportCore;
  adapter: RecordingAdapter;
  switches: ChannelSwitches;
  records: HandoffRecords;
  metrics: SupportMetrics;
  knowledge: KnowledgeAdmin;
  /** Wait until every event so far is counted in Redis. */
  settled(): Promise<void>;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; data: any }>;
  close(): Promise<void>;
}

/** `prefix` and `kbFile` of another fixture make this one a second replica of the same bot. */
export async function startAdmin(options: { token?: string | null; prefix?: string; kbFile?: string } = {}): Promise<AdminFixture> {
  const prefix = options.prefix ?? uniquePrefix('admin');
  let kbFile = options.kbFile;
  if (!kbFile) {
    kbFile = join(mkdtempSync(join(tmpdir(), 'admin-kb-')), 'kb.yaml');
    copyFileSync(join(__dirname, '..', '..', 'kb', 'demo-shop.yaml'), kbFile);
  }
  const redis = connectRedis();
  const pending: Promise<void>[] = [];
  const switches = new ChannelSwitches({ redis, keyPrefix: prefix, logger: silentLogger, refreshMs: 500 });
  await switches.start();
  const records = new HandoffRecords(redis, prefix, 3600);
  const metrics = new SupportMetrics({ redis, keyPrefix: prefix, records, logger: silentLogger });
  const { core, adapter } = buildCore({
    adapter: new RecordingAdapter('telegram'),
    store: new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 600, historyLimit: 30 }),
    answerer: new Answerer(loadKnowledgeBaseFile(kbFile)),
    channelGate: switches,
    // As bin/start.ts does, but kept so tests can wait until the figures are in Redis.
    onEvent: (e) => void pending.push(metrics.record(e)),
  });
  const knowledge = new KnowledgeAdmin({ core, file: kbFile, redis, keyPrefix: prefix, logger: silentLogger });
  await knowledge.start();
  const server = new WebhookServer({ logger: silentLogger });
  registerAdmin({ server, token: options.token === null ? undefined : (options.token ?? ADMIN_TOKEN), core, channels: switches, knowledge, records, metrics, logger: silentLogger });
  const base = `http://127.0.0.1:${await server.listen(0)}`;
  return {
    base,
    prefix,
    kbFile,
    redis,
    core,
    adapter,
    switches,
    records,
    metrics,
    knowledge,
    async settled() {
      await Promise.all(pending.splice(0));
    },
    async call(method, path, body, token = ADMIN_TOKEN) {
      const res = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        /* not JSON (the page, Prometheus text) */
      }
      return { status: res.status, data };
    },
    async close() {
      await server.close();
      await knowledge.stop();
      await switches.stop();
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}
