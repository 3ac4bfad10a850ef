/**
 * The knowledge base an admin writes: what the bot may answer, and which topics always go to a person.
 *
 * Two file formats load: YAML (`entries:` list, or a bare list) for people, and the JSON array used by
 * `../shared/eval/*.json`. Every problem is reported at once, each naming the file, the entry and the field,
 * so an admin fixes the file in one pass instead of one error per restart.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface KnowledgeEntry {
  /** Stable id, used in logs, metrics and choices: 1-60 characters, no spaces. */
  id: string;
  /** The question as staff would title it; also shown as the choice label when we offer this entry. */
  question: string;
  /** Ways customers really ask it. The answerer learns from these; more and more varied is better. */
  examples: string[];
  /** The answer, in the knowledge base's main language. */
  answer: string;
  /** Sensitive topic (disputes, fraud…): recognised, but always handed to a person. */
  handoff: boolean;
  /** Optional translations of the answer, keyed by language code (`es`, `fr`, `pt-BR`…). */
  answers: Record<string, string>;
}

export interface KnowledgeBase {
  /** Where it was loaded from, for logs and errors. */
  source: string;
  entries: KnowledgeEntry[];
  byId: Map<string, KnowledgeEntry>;
  /** Changes whenever the content changes: caches keyed on it (vectors, trained models) stay correct. */
  version: string;
}

export interface KnowledgeBaseProblem {
  entry?: string; // `#3 "refund-status"`
  field?: string;
  message: string;
}

export class KnowledgeBaseError extends Error {
  constructor(
    readonly source: string,
    readonly problems: KnowledgeBaseProblem[],
  ) {
    super(
      `Knowledge base ${source} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems
          .map((p) => `  - ${[p.entry && `entry ${p.entry}`, p.field && `field "${p.field}"`].filter(Boolean).join(', ')}${p.entry || p.field ? ': ' : ''}${p.message}`)
          .join('\n'),
    );
    this.name = 'KnowledgeBaseError';
  }
}

// Ids travel in button payloads (`kb:<id>`), and Telegram allows 64 bytes there: keep them short, no spaces.
const ID_PATTERN = /^[^\s]{1,60}$/u;
const KNOWN_FIELDS = new Set(['id', 'question', 'examples', 'answer', 'handoff', 'answers']);

/** Read and validate a knowledge base file. Throws KnowledgeBaseError naming every problem. */
export function loadKnowledgeBaseFile(path: string): KnowledgeBase {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KnowledgeBaseError(path, [{ message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})` }]);
  }
  return parseKnowledgeBase(text, path);
}

/** Parse knowledge base text. `source` names it in errors; a `.json` source is parsed as JSON, anything else as YAML. */
export function parseKnowledgeBase(text: string, source: string): KnowledgeBase {
  let document: unknown;
  try {
    document = extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new KnowledgeBaseError(source, [{ message: `not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
  return validateKnowledgeBase(document, source);
}

export function validateKnowledgeBase(document: unknown, source: string): KnowledgeBase {
  const list = Array.isArray(document) ? document : isRecord(document) ? document.entries : undefined;
  if (!Array.isArray(list)) {
    throw new KnowledgeBaseError(source, [{ message: 'expected a list of entries, or a mapping with an "entries:" list' }]);
  }
  if (list.length === 0) {
    throw new KnowledgeBaseError(source, [{ message: 'has no entries: the bot would have nothing to answer' }]);
  }

  const problems: KnowledgeBaseProblem[] = [];
  const entries: KnowledgeEntry[] = [];
  const seen = new Map<string, number>();

  list.forEach((raw, index) => {
    const label = `#${index + 1}${isRecord(raw) && typeof raw.id === 'string' ? ` "${raw.id}"` : ''}`;
    const problem = (field: string | undefined, message: string) => problems.push({ entry: label, field, message });
    if (!isRecord(raw)) {
      problem(undefined, 'must be a mapping with id, question, examples and answer');
      return;
    }
    for (const key of Object.keys(raw)) {
      if (!KNOWN_FIELDS.has(key)) problem(key, `unknown field (known: ${[...KNOWN_FIELDS].join(', ')})`);
    }
    const id = raw.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      problem('id', 'must be 1-60 characters without spaces, e.g. "refund-status"');
    } else if (seen.has(id)) {
      problem('id', `duplicates entry #${seen.get(id)! + 1}`);
    } else {
      seen.set(id, index);
    }
    const question = nonEmptyString(raw.question);
    if (!question) problem('question', 'must be a non-empty string');
    const answer = nonEmptyString(raw.answer);
    if (!answer) problem('answer', 'must be a non-empty string');

    let examples: string[] = [];
    if (raw.examples === undefined) {
      examples = [];
    } else if (!Array.isArray(raw.examples)) {
      problem('examples', 'must be a list of strings');
    } else {
      raw.examples.forEach((example, i) => {
        const text = nonEmptyString(example);
        if (text) examples.push(text);
        else problem(`examples[${i}]`, 'must be a non-empty string');
      });
    }

    let handoff = false;
    if (raw.handoff !== undefined) {
      if (typeof raw.handoff !== 'boolean') problem('handoff', 'must be true or false');
      else handoff = raw.handoff;
    }

    const answers: Record<string, string> = {};
    if (raw.answers !== undefined) {
      if (!isRecord(raw.answers)) {
        problem('answers', 'must map language codes to answers, e.g. "es: ..."');
      } else {
        for (const [language, text] of Object.entries(raw.answers)) {
          if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language)) problem(`answers.${language}`, 'is not a language code like "es" or "pt-BR"');
          const translated = nonEmptyString(text);
          if (!translated) problem(`answers.${language}`, 'must be a non-empty string');
          else answers[language.toLowerCase()] = translated;
        }
      }
    }

    if (typeof id === 'string' && question && answer) {
      entries.push({ id, question, examples, answer, handoff, answers });
    }
  });

  if (problems.length > 0) throw new KnowledgeBaseError(source, problems);
  return {
    source,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    version: contentVersion(entries),
  };
}

/** The answer in the customer's language when the admin wrote one, else the main answer. */
export function answerIn(entry: KnowledgeEntry, locale: string | undefined): string {
  if (!locale) return entry.answer;
  const tag = locale.toLowerCase();
  return entry.answers[tag] ?? entry.answers[tag.split('-')[0]] ?? entry.answer;
}

function contentVersion(entries: KnowledgeEntry[]): string {
  // FNV-1a over the canonical JSON: cheap, stable across processes, enough to key caches.
  const text = JSON.stringify(entries);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + '-' + entries.length;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
