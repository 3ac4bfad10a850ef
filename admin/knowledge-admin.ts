/**
 * Managing the knowledge base without a restart: validate a draft, replace it (an invalid replacement is refused
 * with its problems while the current one keeps serving), reload it from its file, and learn from staff (attach a
 * customer's question to an entry as a new example, so the bot answers it next time).
 *
 * Writes go to the KB file atomically (temporary file, then rename); YAML edits keep the admin's comments. Every
 * replica follows a change through Redis pub/sub and swaps in the new answerer.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type Redis from 'ioredis';
import { isMap, isSeq, parseDocument } from 'yaml';
import { Answerer, emptyMemory } from '../core/answerer';
import { KnowledgeBaseError, parseKnowledgeBase, type KnowledgeBase, type KnowledgeBaseProblem } from '../core/knowledge-base';
import type { Logger } from '../core/log';
import type { SupportCore } from '../core/support-core';

export interface KnowledgeAdminOptions {
  core: SupportCore;
  /** The KB file (KB_FILE): where replacements and learned examples are written. */
  file: string;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Called after a new knowledge base is in use (e.g. to rebuild the LLM's embeddings). */
  onChange?: (kb: KnowledgeBase) => void;
}

export type ValidationResult = { ok: true; entries: number } | { ok: false; problems: KnowledgeBaseProblem[] };

export class KnowledgeAdmin {
  private subscriber?: Redis;
  private readonly topic: string;

  constructor(private readonly options: KnowledgeAdminOptions) {
    this.topic = `${options.keyPrefix}:kb:changed`;
  }

  /** Follow changes made by other replicas. */
  async start(): Promise<void> {
    this.subscriber = this.options.redis.duplicate();
    this.subscriber.on('message', (_topic, version) => {
      if (version !== this.current.version) this.reload('another replica changed it');
    });
    await this.subscriber.subscribe(this.topic);
  }

  async stop(): Promise<void> {
    this.subscriber?.disconnect();
  }

  get current(): KnowledgeBase {
    return this.options.core.knowledgeBase;
  }

  /** The entry the bot would most likely answer `question` with today (the teach picker preselects it). */
  bestGuess(question: string): string | undefined {
    const { decision } = this.options.core.answerer.decide({ text: question.slice(0, 2000) }, emptyMemory());
    const ids = decision.kind === 'answer' ? [decision.entryId, ...decision.candidates.map((c) => c.entryId)] : decision.kind === 'clarify' ? [...decision.entryIds, ...decision.candidates.map((c) => c.entryId)] : [];
    const teachable = new Set(this.current.entries.filter((e) => !e.handoff).map((e) => e.id));
    return ids.find((id) => teachable.has(id));
  }

  /** The file's text, as the admin wrote it. */
  text(): string {
    return readFileSync(this.options.file, 'utf8');
  }

  validate(text: string): ValidationResult {
    try {
      return { ok: true, entries: parseKnowledgeBase(text, this.options.file).entries.length };
    } catch (error) {
      if (error instanceof KnowledgeBaseError) return { ok: false, problems: error.problems };
      throw error;
    }
  }

  /** Replace the knowledge base with `text`; refused with its problems when invalid (the current one keeps serving). */
  async replace(text: string, by = 'admin'): Promise<ValidationResult> {
    const result = this.validate(text);
    if (!result.ok) return result;
    this.write(text);
    await this.use(parseKnowledgeBase(text, this.options.file), by);
    return result;
  }

  /** Read the file again (after editing it by hand); an invalid file is refused and the current KB kept. */
  reload(why = 'reload requested'): ValidationResult {
    const result = this.validate(this.text());
    if (!result.ok) {
      this.options.logger.error('kb.reload_refused', { file: this.options.file, problems: result.problems.length, why });
      return result;
    }
    this.swap(parseKnowledgeBase(this.text(), this.options.file), why);
    return result;
  }

  /** Learn from staff: the customer's question becomes a new example of an entry. */
  async learn(entryId: string, question: string, by = 'staff'): Promise<ValidationResult> {
    const phrase = question.trim().replace(/\s+/g, ' ');
    if (!phrase) return { ok: false, problems: [{ field: 'question', message: 'is empty' }] };
    if (!this.current.byId.has(entryId)) return { ok: false, problems: [{ entry: entryId, message: 'no such entry in the knowledge base' }] };
    const text = this.text();
    const updated = extname(this.options.file).toLowerCase() === '.json' ? addExampleJson(text, entryId, phrase) : addExampleYaml(text, entryId, phrase);
    const result = await this.replace(updated, by);
    if (result.ok) this.options.logger.info('kb.learned', { entry: entryId, by });
    return result;
  }

  private write(text: string): void {
    const temporary = `${this.options.file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, this.options.file);
  }

  private async use(kb: KnowledgeBase, by: string): Promise<void> {
    this.swap(kb, `changed by ${by}`);
    await this.options.redis.publish(this.topic, kb.version);
  }

  private swap(kb: KnowledgeBase, why: string): void {
    this.options.core.useAnswerer(new Answerer(kb));
    this.options.logger.info('kb.in_use', { file: kb.source, entries: kb.entries.length, version: kb.version, why });
    this.options.onChange?.(kb);
  }
}

function addExampleYaml(text: string, entryId: string, phrase: string): string {
  const document = parseDocument(text);
  const list = isSeq(document.contents) ? document.contents : document.get('entries');
  if (!isSeq(list)) throw new Error('the knowledge base has no list of entries');
  for (const item of list.items) {
    if (!isMap(item) || item.get('id') !== entryId) continue;
    const examples = item.get('examples');
    if (isSeq(examples)) {
      if (!examples.items.some((e) => String((e as { value?: unknown }).value ?? e) === phrase)) examples.add(phrase);
    } else {
      item.set('examples', document.createNode([phrase]));
    }
  }
  return document.toString();
}

function addExampleJson(text: string, entryId: string, phrase: string): string {
  const document = JSON.parse(text) as { id: string; examples?: string[] }[] | { entries: { id: string; examples?: string[] }[] };
  const entries = Array.isArray(document) ? document : document.entries;
  const entry = entries.find((e) => e.id === entryId)!;
  entry.examples = [...new Set([...(entry.examples ?? []), phrase])];
  return JSON.stringify(document, null, 1) + '\n';
}
