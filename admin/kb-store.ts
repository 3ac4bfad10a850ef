/**
 * The knowledge base in Redis, so every replica serves the same one without a shared disk. Versioned: each write
 * is a new revision (1, 2, …) with who and when, and the last `keep` versions stay for rollback. The KB file
 * (KB_FILE) is the import/export: imported on the first start (Redis has none) and on an explicit reload
 * (`kb reload`, POST /admin/api/kb/reload); written back, as an export, after every change.
 *
 * Keys (`{…}` is a literal Redis Cluster hash tag, so the script's two keys share one slot):
 *   <prefix>:kb:{<prefix>:kb}:current   hash: revision, text, format (yaml | json), by, at, source (the name of
 *                                       the KB file last imported)
 *   <prefix>:kb:{<prefix>:kb}:history   list of JSON versions, newest first (the current one included)
 *   <prefix>:kb:changed                 pub/sub topic: the new revision; every replica then loads it from Redis
 *
 * Writes are optimistic: `write(expected, …)` succeeds only if the current revision is still `expected`
 * (admin/scripts/kb-write.lua); whoever loses reads the new current version and tries again.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type Redis from 'ioredis';
import { KnowledgeBaseError, loadKnowledgeBaseFile, parseKnowledgeBase, type KnowledgeBase, type KnowledgeBaseProblem } from '../core/knowledge-base';
import type { Logger } from '../core/log';
import { defineScripts, sameSlotTag, script } from '../core/redis-scripts';

export type KbFormat = 'yaml' | 'json';

export interface KbVersion {
  revision: number;
  text: string;
  format: KbFormat;
  /** Who wrote it: admin, slack:U123, import:<file>… */
  by: string;
  /** ISO time of the write. */
  at: string;
  /** The name (not the path) of the KB file this knowledge base was last imported from; teaches keep it. */
  source?: string;
}

/** How many versions the history keeps (rollback). */
export const KB_HISTORY = 10;
/** Optimistic writes give up after this many lost races in a row (someone else writing all the time). */
const MAX_ATTEMPTS = 8;

const SCRIPTS = {
  write: script<[number, number]>()('kb-write.lua', ['current', 'history'], ['expected', 'text', 'format', 'by', 'at', 'keep', 'floor', 'source']),
};

export function formatOf(file: string): KbFormat {
  return extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/** Parse a stored version (throws KnowledgeBaseError naming every problem). */
export function parseVersion(version: Pick<KbVersion, 'revision' | 'text' | 'format'>): KnowledgeBase {
  return parseKnowledgeBase(version.text, `kb-v${version.revision}.${version.format}`);
}

export type Refusal = { ok: false; problems: KnowledgeBaseProblem[] };

export type ImportResult = { ok: true; version: KbVersion; kb: KnowledgeBase; unchanged: boolean } | { ok: false; problems: KnowledgeBaseProblem[] };

export class KbStore {
  readonly topic: string;
  private readonly currentKey: string;
  private readonly historyKey: string;
  private readonly scripts;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly keep = KB_HISTORY,
  ) {
    const base = `${keyPrefix}:kb`;
    this.topic = `${base}:changed`;
    this.currentKey = `${base}:${sameSlotTag(base)}:current`;
    this.historyKey = `${base}:${sameSlotTag(base)}:history`;
    this.scripts = defineScripts(redis, 'kb', join(__dirname, 'scripts'), SCRIPTS);
  }

  /** The current version, or undefined when Redis holds no knowledge base yet. */
  async current(): Promise<KbVersion | undefined> {
    const hash = await this.redis.hgetall(this.currentKey);
    if (!hash.revision) return undefined;
    return { revision: Number(hash.revision), text: hash.text ?? '', format: hash.format === 'json' ? 'json' : 'yaml', by: hash.by ?? '', at: hash.at ?? '', source: hash.source || undefined };
  }

  /** Just the current revision number (0: none): a cheap check whether this replica is behind. */
  async revision(): Promise<number> {
    return Number((await this.redis.hget(this.currentKey, 'revision')) ?? 0);
  }

  /**
   * Write `text` as the next version if the current revision is still `expected`; else `{ ok: false }` with the
   * current one. `floor`: the revision the writer serves, so numbers keep rising even if Redis lost the KB.
   */
  async write(expected: number, text: string, format: KbFormat, by: string, floor = 0, source = ''): Promise<{ ok: true; version: KbVersion } | { ok: false; revision: number }> {
    const at = new Date().toISOString();
    const [written, revision] = await this.scripts.write({ current: this.currentKey, history: this.historyKey }, { expected, text, format, by, at, keep: this.keep, floor, source });
    return written === 1 ? { ok: true, version: { revision, text, format, by, at, source: source || undefined } } : { ok: false, revision };
  }

  /**
   * Apply `change` to the current version and write the result, retrying on a lost race (the change is applied
   * again to what won). `change` returns the new text, or a refusal that ends the attempt; returning the same
   * text writes nothing. `floor`: see write.
   */
  async update(by: string, change: (current: KbVersion | undefined) => { text: string; format: KbFormat } | Refusal, floor = 0, source = ''): Promise<{ ok: true; version: KbVersion; unchanged: boolean; attempts: number } | Refusal> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.current();
      const next = change(current);
      if ('ok' in next) return next;
      if (current && current.text === next.text && current.format === next.format && (!source || current.source === source)) return { ok: true, version: current, unchanged: true, attempts: attempt };
      const written = await this.write(current?.revision ?? 0, next.text, next.format, by, floor, source);
      if (written.ok) return { ok: true, version: written.version, unchanged: false, attempts: attempt };
      if (attempt >= MAX_ATTEMPTS) throw new Error(`the knowledge base changed ${MAX_ATTEMPTS} times while writing; try again`);
    }
  }

  /** Import `text` (checked first: an invalid one is refused and nothing is written) as a new version. */
  async importText(text: string, format: KbFormat, by: string, floor = 0, source = ''): Promise<ImportResult> {
    let kb: KnowledgeBase;
    try {
      kb = parseVersion({ revision: 0, text, format });
    } catch (error) {
      if (error instanceof KnowledgeBaseError) return { ok: false, problems: error.problems };
      throw error;
    }
    const result = await this.update(by, () => ({ text, format }), floor, source);
    return result.ok ? { ...result, kb } : result;
  }

  /** `kb reload`: import the KB file as a new version (nothing written when it equals the current one). */
  async importFile(file: string, by = `import:${file}`, floor = 0): Promise<ImportResult> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { ok: false, problems: [{ message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})` }] };
    }
    return this.importText(text, formatOf(file), by, floor, basename(file));
  }

  /** Tell every replica (pub/sub) that `revision` is current; returns how many listened. */
  publish(revision: number): Promise<number> {
    return this.redis.publish(this.topic, String(revision));
  }

  /** Stored versions, newest first, without their text. */
  async history(): Promise<Omit<KbVersion, 'text'>[]> {
    return (await this.versions()).map(({ text: _text, ...rest }) => rest);
  }

  /** One stored version (undefined when it is older than the history keeps). */
  async version(revision: number): Promise<KbVersion | undefined> {
    return (await this.versions()).find((v) => v.revision === revision);
  }

  private async versions(): Promise<KbVersion[]> {
    return (await this.redis.lrange(this.historyKey, 0, -1)).map((line) => JSON.parse(line) as KbVersion);
  }
}

/**
 * The knowledge base to serve at start-up. Redis has one imported from a file of this name: that one (the file is
 * not read into it, so staff's teaching survives a redeploy with an older file; a WARN says when the file differs,
 * e.g. edited by hand while the bot was stopped: `kb reload` imports it). Redis has none (first start), or one
 * imported from a file of another name (KB_FILE now points at another knowledge base: the admin switched, e.g.
 * from the demo KB to their own): KB_FILE is imported as a new revision (if two replicas start at once, the first
 * import wins and the other serves it). Names, not paths, are compared, so replicas that mount the file in
 * different folders agree. Throws KnowledgeBaseError when the file to import, or the stored version, is invalid.
 */
export async function openKnowledgeBase(store: KbStore, file: string, logger: Logger): Promise<{ version: KbVersion; kb: KnowledgeBase }> {
  let current = await store.current();
  if (current?.source && current.source !== basename(file)) {
    const imported = await store.importFile(file, `import:${file}`, current.revision);
    if (!imported.ok) throw new KnowledgeBaseError(file, imported.problems);
    logger.info('kb.imported', {
      file,
      revision: imported.version.revision,
      entries: imported.kb.entries.length,
      why: `KB_FILE names another file than the one Redis's knowledge base came from (${current.source}); the earlier one stays in the history (kb rollback)`,
    });
    return { version: imported.version, kb: imported.kb };
  }
  if (!current) {
    const kb = loadKnowledgeBaseFile(file); // a missing or invalid file throws, naming every problem
    const text = readFileSync(file, 'utf8');
    const written = await store.write(0, text, formatOf(file), `import:${file}`, 0, basename(file));
    if (written.ok) {
      logger.info('kb.imported', { file, revision: written.version.revision, entries: kb.entries.length, why: 'Redis had no knowledge base yet (first start)' });
      return { version: written.version, kb };
    }
    current = (await store.current())!;
  }
  const kb = parseVersion(current);
  logger.info('kb.loaded', { revision: current.revision, by: current.by, at: current.at, entries: kb.entries.length, version: kb.version });
  const onDisk = readFileIfPresent(file);
  if (onDisk !== undefined && onDisk !== current.text) {
    logger.warn('kb.file_differs', {
      file,
      revision: current.revision,
      why: 'the KB file differs from the knowledge base in Redis, which every replica serves',
      how: 'to serve the file, import it: npm run admin -- kb reload (or POST /admin/api/kb/reload); changes made in the bot are written to the file only while it matches',
    });
  }
  return { version: current, kb };
}

/** The KB file's text, or undefined when it cannot be read (deleted, or never written on this replica). */
export function readFileIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
