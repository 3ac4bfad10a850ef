/**
 * Adding one example to a knowledge base's text with the smallest change: the admin's file stays as they wrote it
 * (comments, folded answers, quoting, order), so a learned example is a one-line diff in review.
 *
 * YAML: the `yaml` Document API finds the entry's `examples:` list and where its last item sits in the text; the
 * new item is inserted as one line right after it, with the same indentation (an entry without examples gets an
 * `examples:` list after its `question:` line), and the result is parsed again to check it says what was meant.
 * (Re-printing the document would re-wrap every folded answer: 148 lines changed for one example.) Only when that
 * cannot be done (a flow list `[a, b]`, a multi-line last item) is the document printed by the Document API, without
 * re-wrapping long lines (`lineWidth: 0`).
 *
 * JSON: re-printed with the file's own indentation.
 */
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { KbFormat } from './kb-store';

export function addExample(text: string, format: KbFormat, entryId: string, phrase: string): string {
  return format === 'json' ? addExampleJson(text, entryId, phrase) : addExampleYaml(text, entryId, phrase);
}

function addExampleYaml(text: string, entryId: string, phrase: string): string {
  const document = parseDocument(text);
  const entry = findEntry(document, entryId);
  if (!entry) throw new Error(`no entry "${entryId}" in the knowledge base`);
  const examples = entry.get('examples');
  const before = isSeq(examples) ? examples.items.map(scalarText) : [];
  if (before.includes(phrase)) return text;
  const inserted = isSeq(examples) ? insertAfterLastItem(text, examples, phrase) : examples === undefined ? insertExamplesList(text, entry, phrase) : undefined;
  if (inserted !== undefined && sameExamplesPlus(inserted, entryId, before, phrase)) return inserted;
  // Fallback: the Document API keeps comments and styles; lineWidth 0 keeps long lines as they are.
  if (isSeq(examples)) examples.add(phrase);
  else entry.set('examples', document.createNode([phrase]));
  return document.toString({ lineWidth: 0 });
}

function findEntry(document: Document, entryId: string): YAMLMap | undefined {
  const list = isSeq(document.contents) ? document.contents : document.get('entries');
  if (!isSeq(list)) return undefined;
  return list.items.find((item): item is YAMLMap => isMap(item) && item.get('id') === entryId);
}

function scalarText(item: unknown): string {
  return isScalar(item) ? String(item.value) : String(item);
}

/** The text with `- <phrase>` on a new line after the list's last item, or undefined when that is not a plain one-line block item. */
function insertAfterLastItem(text: string, examples: YAMLSeq, phrase: string): string | undefined {
  const last = examples.items[examples.items.length - 1];
  if (examples.flow || !isScalar(last) || !last.range) return undefined;
  const [start, valueEnd] = last.range;
  if (text.slice(start, valueEnd).includes('\n')) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const dash = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStart, start));
  if (!dash) return undefined;
  const item = oneLine(phrase);
  if (item === undefined) return undefined;
  return insertLines(text, valueEnd, [`${dash[1]}- ${item}`]);
}

/** The text with an `examples:` list holding `phrase`, on new lines after the entry's one-line `question:` (or `id:`). */
function insertExamplesList(text: string, entry: YAMLMap, phrase: string): string | undefined {
  const pair = entry.items.find((p) => isScalar(p.key) && p.key.value === 'question') ?? entry.items.find((p) => isScalar(p.key) && p.key.value === 'id');
  if (!pair || !isScalar(pair.key) || !isScalar(pair.value) || !pair.key.range || !pair.value.range) return undefined;
  const keyStart = pair.key.range[0];
  const [, valueEnd] = pair.value.range;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(lineStart, valueEnd).split('\n').length !== 1) return undefined;
  const prefix = text.slice(lineStart, keyStart);
  if (!/^[ \t]*(-[ \t]+)?$/.test(prefix)) return undefined;
  const indent = ' '.repeat(prefix.length);
  const item = oneLine(phrase);
  if (item === undefined) return undefined;
  return insertLines(text, valueEnd, [`${indent}examples:`, `${indent}  - ${item}`]);
}

/** `phrase` as one YAML scalar on one line (quoted when it must be), or undefined when it cannot be. */
function oneLine(phrase: string): string | undefined {
  const item = stringify(phrase, { lineWidth: 0 }).trimEnd();
  return item.includes('\n') ? undefined : item;
}

/** Insert `lines` as new lines after the line holding `offset`, with the file's own line ending. */
function insertLines(text: string, offset: number, lines: string[]): string {
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  else if (text[lineEnd - 1] === '\r') lineEnd -= 1;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text.slice(0, lineEnd)}${lines.map((line) => eol + line).join('')}${text.slice(lineEnd)}`;
}

function sameExamplesPlus(updated: string, entryId: string, before: string[], phrase: string): boolean {
  const document = parseDocument(updated);
  if (document.errors.length) return false;
  const examples = findEntry(document, entryId)?.get('examples');
  const after = isSeq(examples) ? examples.items.map(scalarText) : [];
  return JSON.stringify(after) === JSON.stringify([...before, phrase]);
}

type JsonEntry = { id: string; examples?: string[] };

function addExampleJson(text: string, entryId: string, phrase: string): string {
  const document = JSON.parse(text) as JsonEntry[] | { entries: JsonEntry[] };
  const entries = Array.isArray(document) ? document : document.entries;
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) throw new Error(`no entry "${entryId}" in the knowledge base`);
  if (entry.examples?.includes(phrase)) return text;
  entry.examples = [...(entry.examples ?? []), phrase];
  return JSON.stringify(document, null, jsonIndent(text)) + (text.endsWith('\n') ? '\n' : '');
}

/** The file's indentation: the first indented line's leading spaces or tab (none: compact). */
function jsonIndent(text: string): string | number {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  return indent ?? 0;
}
