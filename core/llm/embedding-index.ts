/**
 * Retrieval by meaning: each KB entry (question + examples) is embedded once per KB version and model, kept in
 * Redis (`{prefix}:emb:{kbVersion}:{model}`, a hash of entry id → float32 vector) so every replica and restart
 * reuses it, and rebuilt when the KB changes (a new version is a new key; old ones expire).
 *
 * Building never blocks a customer: `search` answers from vectors already loaded, and otherwise starts the build
 * in the background and returns nothing, so that turn uses the offline matcher's candidates alone.
 */
import type Redis from 'ioredis';
import { allExamples, allQuestions, type KnowledgeBase, type KnowledgeEntry } from '../knowledge-base';
import type { Logger } from '../log';
import type { LanguageModel } from './language-model';

export interface EmbeddingIndexOptions {
  /** Embeds texts (its embedding model is `model`). */
  languageModel: Pick<LanguageModel, 'embed'>;
  /** The embedding model's name: part of the cache key, so a model change re-embeds. */
  model: string;
  /** Where vectors are cached; without Redis (e.g. the eval command) they are kept in this process only. */
  redis?: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Entries per embeddings request. Default 96. */
  batchSize?: number;
  /** How long a version's vectors stay in Redis after last use. Default 30 days. */
  ttlSeconds?: number;
  /** After a failed build, wait this long before trying again. Default 60 s. */
  retryAfterMs?: number;
}

export interface EmbeddingHit {
  entryId: string;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

interface LoadedVectors {
  ids: string[];
  vectors: Float32Array[];
}

/** The text that stands for an entry: how staff title it and how customers ask it, in every language it is written in. */
export function entryText(entry: KnowledgeEntry): string {
  return [...allQuestions(entry), ...allExamples(entry)].join('\n');
}

export class EmbeddingIndex {
  private readonly loaded = new Map<string, LoadedVectors>();
  private readonly building = new Map<string, Promise<LoadedVectors>>();
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly options: EmbeddingIndexOptions) {}

  /** The Redis key holding a KB version's vectors for this model. */
  keyFor(kb: KnowledgeBase): string {
    return `${this.options.keyPrefix}:emb:${kb.version}:${this.options.model}`;
  }

  /** Vectors for this KB are in memory: `search` will use them. */
  isReady(kb: KnowledgeBase): boolean {
    return this.loaded.has(this.keyFor(kb));
  }

  /**
   * Load this KB's vectors from Redis, or embed every entry and store them. Call at start-up and after a KB
   * reload; concurrent calls share one build. Rejects when the embeddings server fails.
   */
  async prepare(kb: KnowledgeBase): Promise<void> {
    await this.vectorsFor(kb);
  }

  /**
   * The entries most similar to `text`, best first; undefined when this KB's vectors are not loaded yet (a build
   * starts in the background) or the build failed recently.
   */
  async search(kb: KnowledgeBase, text: string, limit: number, signal?: AbortSignal): Promise<EmbeddingHit[] | undefined> {
    const key = this.keyFor(kb);
    const vectors = this.loaded.get(key);
    if (!vectors) {
      const failed = this.failedAt.get(key);
      if (failed === undefined || Date.now() - failed >= (this.options.retryAfterMs ?? 60_000)) {
        this.vectorsFor(kb).catch(() => undefined); // logged in build; this turn goes without
      }
      return undefined;
    }
    const [query] = await this.embed([text], signal);
    const hits = vectors.ids.map((entryId, i) => ({ entryId, similarity: dot(query, vectors.vectors[i]) }));
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  private vectorsFor(kb: KnowledgeBase): Promise<LoadedVectors> {
    const key = this.keyFor(kb);
    const ready = this.loaded.get(key);
    if (ready) return Promise.resolve(ready);
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.loadOrBuild(kb, key).then(
        (vectors) => {
          // Keep only the current version in memory: a reload replaces the KB for every conversation.
          this.loaded.clear();
          this.loaded.set(key, vectors);
          this.failedAt.delete(key);
          return vectors;
        },
        (error: unknown) => {
          this.failedAt.set(key, Date.now());
          this.options.logger.warn('llm.embeddings_build_failed', { key, error });
          throw error;
        },
      );
      pending.finally(() => this.building.delete(key)).catch(() => undefined);
      this.building.set(key, pending);
    }
    return pending;
  }

  private async loadOrBuild(kb: KnowledgeBase, key: string): Promise<LoadedVectors> {
    const { redis } = this.options;
    const ttl = this.options.ttlSeconds ?? 30 * 24 * 3600;
    if (redis) {
      const stored = await redis.hgetallBuffer(key);
      if (kb.entries.every((e) => stored[e.id])) {
        await redis.expire(key, ttl);
        this.options.logger.debug('llm.embeddings_loaded', { key, entries: kb.entries.length });
        return { ids: kb.entries.map((e) => e.id), vectors: kb.entries.map((e) => fromBuffer(stored[e.id])) };
      }
    }
    const started = Date.now();
    const batch = this.options.batchSize ?? 96;
    const vectors: Float32Array[] = [];
    for (let i = 0; i < kb.entries.length; i += batch) {
      vectors.push(...(await this.embed(kb.entries.slice(i, i + batch).map(entryText))));
    }
    if (redis) {
      // One HSET writes every field at once, so a reader never sees a half-built index.
      const fields: Record<string, Buffer> = {};
      kb.entries.forEach((e, i) => (fields[e.id] = toBuffer(vectors[i])));
      await redis.multi().del(key).hset(key, fields).expire(key, ttl).exec();
    }
    this.options.logger.info('llm.embeddings_built', { key, entries: kb.entries.length, ms: Date.now() - started });
    return { ids: kb.entries.map((e) => e.id), vectors };
  }

  /** Unit-length vectors for `inputs`, in order. */
  private async embed(inputs: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const data = await this.options.languageModel.embed(inputs, signal);
    if (data.length !== inputs.length || data.some((d) => !Array.isArray(d) || d.length === 0)) {
      throw new Error(`embeddings server returned ${data.length} vector(s) for ${inputs.length} input(s) (model ${this.options.model})`);
    }
    return data.map((d) => normalise(Float32Array.from(d)));
  }
}

function normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0; // a model change mid-flight: not comparable
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function toBuffer(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBuffer(buffer: Buffer): Float32Array {
  // Copy: a Buffer's memory may be a shared pool slice, not aligned for Float32Array.
  const copy = new Uint8Array(buffer.length);
  copy.set(buffer);
  return new Float32Array(copy.buffer);
}
