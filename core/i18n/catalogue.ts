/**
 * Every string the bot says, in every supported language, as ICU MessageFormat (intl-messageformat):
 * `t('es', 'queue.position', { position: 2 })` → "Eres el número 2 en la fila.".
 *
 * The English file is the reference; each language file must have the same keys (the compiler checks) and the
 * same placeholders (test/i18n-catalogue.test.ts checks). Compiled formats are cached per language and key.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey, type Messages } from './messages/en';
import { es } from './messages/es';
import { fr } from './messages/fr';
import { de } from './messages/de';
import { pt } from './messages/pt';
import { it } from './messages/it';
import { nl } from './messages/nl';
import { sv } from './messages/sv';
import { zh } from './messages/zh';
import { ru } from './messages/ru';
import { FALLBACK_LANGUAGE, isLanguage, type Language } from './languages';

export type { MessageKey, Messages } from './messages/en';
export type MessageValues = Record<string, string | number | Date>;

export const CATALOGUE: Readonly<Record<Language, Messages>> = { en, es, fr, de, pt, it, nl, sv, zh, ru };

/** Every key, in the English file's order. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

const compiled = new Map<string, IntlMessageFormat>();

function formatFor(language: Language, key: MessageKey): IntlMessageFormat {
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUE[language][key], language, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return format;
}

/**
 * The message `key` in `language`, with `values` filled in. An unsupported language reads English.
 * Throws if a value the message needs is missing: the catalogue tests give every message its values.
 */
export function t(language: Language | string, key: MessageKey, values?: MessageValues): string {
  const lang = isLanguage(language) ? language : FALLBACK_LANGUAGE;
  const result = formatFor(lang, key).format(values);
  return Array.isArray(result) ? result.join('') : String(result);
}

// Element kinds of the ICU parser's AST (@formatjs/icu-messageformat-parser TYPE), as numbers to avoid importing
// a transitive package: the catalogue test pins them (en 'queue.position' must read `position:argument`).
const KIND: Record<number, string> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' };
interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

/**
 * The placeholders of a message, as sorted `name:kind` strings; a select also lists its choices
 * (`dayKind:select(other|today|tomorrow|weekday)`). Plural categories are left out: they differ by language.
 */
export function messagePlaceholders(language: Language, key: MessageKey): string[] {
  const found = new Set<string>();
  const walk = (nodes: AstNode[]) => {
    for (const node of nodes) {
      const kind = KIND[node.type];
      if (kind && typeof node.value === 'string') {
        found.add(kind === 'select' ? `${node.value}:select(${Object.keys(node.options ?? {}).sort().join('|')})` : `${node.value}:${kind}`);
      }
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(formatFor(language, key).getAst() as unknown as AstNode[]);
  return [...found].sort();
}
