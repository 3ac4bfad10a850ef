/**
 * The whole message path through Redis: lock, load state and dedupe check, decide, send, save and mark
 * processed, unlock. Many conversations in flight at once, as a busy bot sees them; the platform and the
 * staff side are null objects so only our own path is measured.
 */
import { addressCodec } from '../core/address';
import Redis from 'ioredis';
import { join } from 'node:path';
import { Answerer } from '../core/answerer';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { loadCases, percentile } from '../core/evaluation';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { SupportCore } from '../core/support-core';
import { deleteByPrefix } from '../core/redis';
import type { ChannelAdapter, HandoffPort } from '../core/types';

export interface MessagePathBench {
  messages: number;
  conversations: number;
  concurrency: number;
  per_second: number;
  p50_ms: number;
  p99_ms: number;
}

const nullAdapter: ChannelAdapter = { platform: 'bench', ...addressCodec('bench'), start: async () => {}, stop: async () => {}, send: async () => {} };
const nullHandoff: HandoffPort = {
  requestHandoff: async () => ({ position: 1 }),
  relayCustomerMessage: async () => ({ position: 1 }),
};

export async function benchMessagePath(redisUrl: string, evalDir: string, messages = 6000, conversations = 1500, concurrency = 64): Promise<MessagePathBench> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const prefix = `bench:path:${process.pid}:${Date.now()}`;
  try {
    const answerer = new Answerer(loadKnowledgeBaseFile(join(evalDir, 'banking77-faq-10.json')));
    const texts = loadCases(join(evalDir, 'banking77-cases.jsonl')).map((c) => c.text);
    const store = new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 300, historyLimit: 30 });
    const core = new SupportCore({ store, answerer, handoff: nullHandoff, logger: silentLogger, maxMessageChars: 2000 });
    core.registerAdapter(nullAdapter);

    const latencies: number[] = [];
    let next = 0;
    const send = async (i: number) => {
      const t0 = performance.now();
      await core.handleInbound({
        id: `b${i}`,
        address: `bench:${i % conversations}`,
        customer: { id: `c${i % conversations}`, displayName: 'Bench' },
        text: texts[Math.abs(i) % texts.length],
        sentAt: new Date(),
      });
      latencies.push(performance.now() - t0);
    };
    for (let i = 0; i < 200; i++) await send(-1 - i); // warm-up
    latencies.length = 0;

    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < messages) await send(next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      messages,
      conversations,
      concurrency,
      per_second: Math.round(messages / seconds),
      p50_ms: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
      p99_ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
    };
  } finally {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
}
