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
  /**
   * Optional per-language versions, keyed by lower-case language code: the question shown as a choice label,
   * examples the matcher learns from in that language, and the answer (also copied into `answers`). Only set
   * when the file has `translations:`, so knowledge bases without them keep their content version.
   */
  translations?: Record<string, EntryTranslation>;
}

/** One entry in one more language. Each part is optional; a missing one falls back to the main language. */
export interface EntryTranslation {
  question?: string;
  examples: string[];
  answer?: string;
}

export interface KnowledgeBase {
  /** Where it was loaded from, for logs and errors. */
  source: string;
  entries: KnowledgeEntry[];
  byId: Map<string, KnowledgeEntry>;
  /** The language the main `question`/`examples`/`answer` are written in (top-level `language:`, default `en`). */
  language?: string;
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
const KNOWN_FIELDS = new Set(['id', 'question', 'examples', 'answer', 'handoff', 'answers', 'translations']);
const TRANSLATION_FIELDS = new Set(['question', 'examples', 'answer']);
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

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
  let language: string | undefined;
  if (isRecord(document) && document.language !== undefined) {
    if (typeof document.language !== 'string' || !LANGUAGE_CODE.test(document.language)) {
      problems.push({ field: 'language', message: 'is not a language code like "en" or "pt-BR"' });
    } else {
      language = document.language.toLowerCase();
    }
  }

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
          if (!LANGUAGE_CODE.test(language)) problem(`answers.${language}`, 'is not a language code like "es" or "pt-BR"');
          const translated = nonEmptyString(text);
          if (!translated) problem(`answers.${language}`, 'must be a non-empty string');
          else answers[language.toLowerCase()] = translated;
        }
      }
    }

    const translations = raw.translations === undefined ? undefined : validateTranslations(raw.translations, answers, problem);

    if (typeof id === 'string' && question && answer) {
      entries.push({ id, question, examples, answer, handoff, answers, ...(translations ? { translations } : {}) });
    }
  });

  if (problems.length > 0) throw new KnowledgeBaseError(source, problems);
  return {
    source,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    version: contentVersion(entries, language),
    ...(language ? { language } : {}),
  };
}

/**
 * `translations:` of one entry: `{ es: { question, examples, answer } }`. Each translated answer is also put in
 * `answers` (so `answerIn` finds it); the same language's answer given both ways is a problem, not a silent pick.
 */
function validateTranslations(
  raw: unknown,
  answers: Record<string, string>,
  problem: (field: string, message: string) => void,
): Record<string, EntryTranslation> | undefined {
  if (!isRecord(raw)) {
    problem('translations', 'must map language codes to { question, examples, answer }, e.g. "es: { answer: ... }"');
    return undefined;
  }
  const translations: Record<string, EntryTranslation> = {};
  for (const [code, value] of Object.entries(raw)) {
    const field = `translations.${code}`;
    if (!LANGUAGE_CODE.test(code)) {
      problem(field, 'is not a language code like "es" or "pt-BR"');
      continue;
    }
    if (!isRecord(value)) {
      problem(field, 'must be a mapping with question, examples and/or answer');
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!TRANSLATION_FIELDS.has(key)) problem(`${field}.${key}`, `unknown field (known: ${[...TRANSLATION_FIELDS].join(', ')})`);
    }
    const translation: EntryTranslation = { examples: [] };
    if (value.question !== undefined) {
      const text = nonEmptyString(value.question);
      if (text) translation.question = text;
      else problem(`${field}.question`, 'must be a non-empty string');
    }
    if (value.answer !== undefined) {
      const text = nonEmptyString(value.answer);
      if (text) translation.answer = text;
      else problem(`${field}.answer`, 'must be a non-empty string');
    }
    if (value.examples !== undefined) {
      if (!Array.isArray(value.examples)) {
        problem(`${field}.examples`, 'must be a list of strings');
      } else {
        value.examples.forEach((example, i) => {
          const text = nonEmptyString(example);
          if (text) translation.examples.push(text);
          else problem(`${field}.examples[${i}]`, 'must be a non-empty string');
        });
      }
    }
    if (value.question === undefined && value.answer === undefined && value.examples === undefined) {
      problem(field, 'is empty: give a question, examples and/or an answer');
    }
    const language = code.toLowerCase();
    if (translation.answer) {
      if (answers[language] !== undefined) problem(`${field}.answer`, `also given in answers.${code}: keep one`);
      else answers[language] = translation.answer;
    }
    translations[language] = translation;
  }
  return translations;
}

/** The answer in the customer's language when the admin wrote one, else the main answer. */
export function answerIn(entry: KnowledgeEntry, locale: string | undefined): string {
  if (!locale) return entry.answer;
  const tag = locale.toLowerCase();
  return entry.answers[tag] ?? entry.answers[tag.split('-')[0]] ?? entry.answer;
}

// ── Languages ─────────────────────────────────────────────────────────────────────────────────────────

/** The KB's main language: its top-level `language:`, else English. */
export function mainLanguage(kb: KnowledgeBase): string {
  return kb.language ?? 'en';
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0];
}

/** A translation for this locale: exact tag first (`pt-br`), then its primary language (`pt`). */
function translationIn(entry: KnowledgeEntry, locale: string): EntryTranslation | undefined {
  const tag = locale.toLowerCase();
  return entry.translations?.[tag] ?? entry.translations?.[primary(tag)];
}

/** The question in the customer's language when the admin wrote one (a choice label), else the main question. */
export function questionIn(entry: KnowledgeEntry, locale: string | undefined): string {
  return (locale && translationIn(entry, locale)?.question) || entry.question;
}

/**
 * The examples to match a message in `locale` against: that language's examples, plus the main ones when the
 * KB's main language is that language (or none is given). Empty when the entry has none in that language.
 */
export function examplesIn(entry: KnowledgeEntry, locale: string | undefined, kbLanguage = 'en'): string[] {
  if (!locale || primary(locale) === primary(kbLanguage)) return entry.examples;
  return translationIn(entry, locale)?.examples ?? [];
}

/** An entry's question in every language it is written in: the main one first. */
export function allQuestions(entry: KnowledgeEntry): string[] {
  return [entry.question, ...Object.values(entry.translations ?? {}).flatMap((t) => (t.question ? [t.question] : []))];
}

/** Every example of an entry in every language, e.g. for a multilingual index. */
export function allExamples(entry: KnowledgeEntry): string[] {
  return [...entry.examples, ...Object.values(entry.translations ?? {}).flatMap((t) => t.examples)];
}

/** The primary languages an entry can be answered in: the KB's main language and every translated answer. */
export function entryLanguages(entry: KnowledgeEntry, kbLanguage = 'en'): Set<string> {
  return new Set([primary(kbLanguage), ...Object.keys(entry.answers).map(primary)]);
}

export interface LanguageCoverage {
  /** Primary language code, e.g. `es`. */
  language: string;
  /** Entries answerable in it. */
  entries: number;
  /** Share of all entries, 0-1. */
  share: number;
  /** Entries that lack it, by id: what an admin has left to translate. */
  missing: string[];
}

/** For each language any entry is answerable in: how much of the KB it covers, most covered first. */
export function languageCoverage(kb: KnowledgeBase): LanguageCoverage[] {
  const main = mainLanguage(kb);
  const languages = new Set(kb.entries.flatMap((e) => [...entryLanguages(e, main)]));
  return [...languages]
    .map((language) => {
      const missing = kb.entries.filter((e) => !entryLanguages(e, main).has(language)).map((e) => e.id);
      const entries = kb.entries.length - missing.length;
      return { language, entries, share: entries / kb.entries.length, missing };
    })
    .sort((a, b) => b.entries - a.entries || a.language.localeCompare(b.language));
}

/**
 * The languages the KB covers: every entry answerable in them (or at least `minShare` of the entries).
 * The core offers a person in the customer's language, instead of a wrong-language guess, for any other.
 */
export function kbLanguages(kb: KnowledgeBase, minShare = 1): string[] {
  return languageCoverage(kb).filter((c) => c.share >= minShare).map((c) => c.language);
}

/** `kbLanguages(kb, minShare)` includes the locale's primary language. */
export function coversLanguage(kb: KnowledgeBase, locale: string, minShare = 1): boolean {
  return kbLanguages(kb, minShare).includes(primary(locale));
}

function contentVersion(entries: KnowledgeEntry[], language?: string): string {
  // FNV-1a over the canonical JSON: cheap, stable across processes, enough to key caches.
  const text = JSON.stringify(language ? [language, entries] : entries);
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
