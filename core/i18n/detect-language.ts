/**
 * Which of the supported languages a customer writes in, per message and per conversation.
 *
 * Per message (`detectLanguage`): the script first (Han → zh, Cyrillic → ru: no detector needed, and detectors
 * are weakest there on short text), then the kept detector, `tinyld`, restricted to the 8 Latin-script languages
 * we speak, with frequent function words breaking ties when it is unsure, then a few one-word openers detectors
 * miss ("hola", "merci"). Chosen by measurement on short chat messages (test/fixtures/short-chat-messages.json,
 * bench/language-detectors.mjs), right out of 150 short / 120 tiny (1-3 words) / 80 held-out messages:
 *   eld/large (subset)  150 / 112 / 80, but ESM only (neither this CommonJS build nor jest on Node 20 can load
 *                       it) and 1.8 s, ~400 MB to load (eld/medium: 149 / 104 / 80, ~200 MB)
 *   tinyld (only=10)    145 /  94 / 80, CommonJS, ~45 MB, 0.2 s to load
 *   franc-min (only=10) 119 /  71 / 64
 *   this module         150 / 103 / 80, and never wrong on the 126 + 76 messages it calls reliable.
 *
 * Per conversation (`nextConversationLanguage`): sticky. The first message takes a clear text language, else the
 * platform's locale hint, else a weak guess, else English. After that the language changes only on clear
 * evidence: a reliable guess from a message long enough (3+ words, or 6+ Chinese characters), so "ok", "👍",
 * "merci" or a pasted order number never flip it.
 */
import { FALLBACK_LANGUAGE, languageOfLocale, type Language } from './languages';

interface TinyLd {
  detectAll(text: string, options?: { only?: string[] }): { lang: string; accuracy: number }[];
}
// tinyld ships CommonJS and its own types only through "exports", which this project's module resolution skips.
const tinyld = require('tinyld') as TinyLd;

const LATIN_LANGUAGES: Language[] = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'sv'];

export interface LanguageGuess {
  language: Language;
  /** Clear enough to act on: a script that only one supported language uses, or a detector guess well ahead. */
  reliable: boolean;
  /** How much text backed it, in words (Chinese: characters / 2). */
  words: number;
  /** Where it came from, for logs. */
  source: 'script' | 'detector' | 'opener';
}

// One-word openers and thanks that detectors get wrong or give up on. Only ever a weak, first-message signal.
const OPENERS: Record<string, Language> = {
  hi: 'en', hello: 'en', hey: 'en', thanks: 'en', thx: 'en', please: 'en',
  hola: 'es', gracias: 'es', buenas: 'es', buenos: 'es',
  bonjour: 'fr', bonsoir: 'fr', salut: 'fr', merci: 'fr', coucou: 'fr',
  danke: 'de', moin: 'de', servus: 'de', guten: 'de',
  ola: 'pt', olá: 'pt', oi: 'pt', obrigado: 'pt', obrigada: 'pt', bom: 'pt',
  ciao: 'it', grazie: 'it', buongiorno: 'it', buonasera: 'it', salve: 'it',
  hoi: 'nl', bedankt: 'nl', goedemorgen: 'nl', goedemiddag: 'nl', dag: 'nl',
  hej: 'sv', tack: 'sv', tjena: 'sv', hejsan: 'sv',
};

// The most frequent short words of each language. They break ties between the detector's top candidates, where
// trigram statistics on three or four words are weakest ("my payment failed" reads French to tinyld).
const FUNCTION_WORDS: Record<string, string> = {
  en: 'the my i is are to how what can do does you it where why when and not of for this that with have has was will me your please did didnt dont cant im',
  es: 'el la los las mi mis es está esta que qué cómo como dónde donde por para con no un una y de del lo me tu pero ha he hay cuándo cuando puedo quiero',
  fr: 'le la les mon ma mes est que comment où pour avec pas un une et de du des je ne il vous ça cest jai',
  de: 'der die das mein meine ist wie wo warum wann nicht ein eine und ich mit für zu kann bitte noch habe',
  pt: 'os as meu minha é está que como onde por para com não um uma e do da eu você quero posso',
  it: 'il lo la gli le mi mio mia è che come dove per con non un una e di del della ho sono voglio posso',
  nl: 'de het een mijn is hoe waar waarom wanneer niet en ik met voor van te kan wil je zijn',
  sv: 'och det en ett min mitt är hur var varför när inte jag med för till kan vill du av',
};
const FUNCTION_WORD_LANGUAGES = new Map<string, string[]>();
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words.split(' ')) FUNCTION_WORD_LANGUAGES.set(word, [...(FUNCTION_WORD_LANGUAGES.get(word) ?? []), language]);
}

/** Function-word evidence per language: a word shared by n languages counts 1/n for each. */
function functionWordScores(words: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const word of words) {
    const languages = FUNCTION_WORD_LANGUAGES.get(word.toLowerCase().replace(/['’]/g, ''));
    for (const language of languages ?? []) scores.set(language, (scores.get(language) ?? 0) + 1 / languages!.length);
  }
  return scores;
}

/** Words that carry no language: links, addresses, handles, numbers, order ids, emoji. */
function languageWords(text: string): string[] {
  return text
    .replace(/https?:\/\/\S+|www\.\S+|\S+@\S+\.\S+|[@#]\w+/gu, ' ')
    .split(/[^\p{L}\p{M}'’]+/u)
    .map((w) => w.replace(/^['’]+|['’]+$/gu, ''))
    .filter((w) => w.length > 0 && !/\d/.test(w));
}

/** The language of one message, or undefined when the text says nothing (emoji, "ok", a number, another script). */
export function detectLanguage(text: string): LanguageGuess | undefined {
  return detectInWords(languageWords(text));
}

/** `detectLanguage` on the message's language words (`languageWords`), computed once per message. */
function detectInWords(words: string[]): LanguageGuess | undefined {
  const letters = words.join('');
  if (letters.length === 0) return undefined;
  const han = (letters.match(/\p{Script=Han}/gu) ?? []).length;
  const kanaOrHangul = (letters.match(/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu) ?? []).length;
  const cyrillic = (letters.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (letters.match(/\p{Script=Latin}/gu) ?? []).length;

  if (kanaOrHangul > 0) return undefined; // Japanese or Korean: not ours, and not Chinese
  if (han > 0 && han >= latin + cyrillic) {
    return { language: 'zh', reliable: han >= 2, words: Math.max(1, Math.floor(han / 2)), source: 'script' };
  }
  if (cyrillic > 0 && cyrillic >= latin) {
    // Ukrainian, Belarusian, Serbian, Bulgarian… letters Russian does not use: not ours.
    if (/[іїєґўђјљњћџ]/iu.test(letters)) return undefined;
    const cyrillicWords = words.filter((w) => /\p{Script=Cyrillic}/u.test(w)).length;
    return { language: 'ru', reliable: cyrillic >= 4, words: cyrillicWords, source: 'script' };
  }
  if (latin === 0) return undefined;

  const count = words.filter((w) => /\p{Script=Latin}/u.test(w)).length;
  const opener = OPENERS[words[0].toLowerCase()];
  if (count === 1 && opener) return { language: opener, reliable: false, words: 1, source: 'opener' };
  const candidates = tinyld.detectAll(words.join(' '), { only: LATIN_LANGUAGES }).filter((c) => (LATIN_LANGUAGES as string[]).includes(c.lang));
  const [top, second] = candidates;
  if (top) {
    // When the detector is unsure, function words choose among its top three if they clearly favour one.
    const scores = functionWordScores(words);
    const favoured = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [best, runnerUp] = favoured;
    if (best && best[0] !== top.lang && top.accuracy < 0.3 && best[1] >= 1 && best[1] >= 2 * (runnerUp?.[1] ?? 0) && candidates.slice(1, 3).some((c) => c.lang === best[0])) {
      return { language: best[0] as Language, reliable: best[1] >= 2, words: count, source: 'detector' };
    }
    const ahead = !second || top.accuracy >= 1.5 * second.accuracy;
    const reliable = top.accuracy >= 0.1 && ahead && latin >= 4;
    if (reliable || count > 1) return { language: top.lang as Language, reliable, words: count, source: 'detector' };
  }
  const anyOpener = words.map((w) => OPENERS[w.toLowerCase()]).find(Boolean);
  if (anyOpener) return { language: anyOpener, reliable: false, words: count, source: 'opener' };
  return top && (LATIN_LANGUAGES as string[]).includes(top.lang) ? { language: top.lang as Language, reliable: false, words: count, source: 'detector' } : undefined;
}

/** Evidence needed to change a conversation's language once it has one. */
export const SWITCH_MIN_WORDS = 3;

export interface LanguageDecision {
  language: Language;
  /** True when it differs from `previous` (false on the first message). */
  changed: boolean;
  /** Why, for logs: `kept`, `text`, `locale`, `weak-text`, `fallback`. */
  basis: 'kept' | 'text' | 'locale' | 'weak-text' | 'fallback';
}

/**
 * The conversation's language after this message. `previous` is what the conversation had (undefined on the
 * first message), `localeHint` the platform's locale for this customer if it gives one (`es-MX`, `zh-Hans`).
 */
export function decideConversationLanguage(previous: Language | undefined, text: string, localeHint?: string | null): LanguageDecision {
  const words = languageWords(text);
  const hinted = languageOfLocale(localeHint);
  // The detector is most of the cost of this step; it need not run when its answer could not change the outcome.
  // Chinese counts characters rather than words, so Han text always goes to it.
  const chinese = words.some((w) => /\p{Script=Han}/u.test(w));
  if (previous && !chinese && (words.length < SWITCH_MIN_WORDS || clearlyWrittenIn(previous, words))) {
    // Too few words to switch, or the conversation's own function words clearly lead (the tie-breaking rule).
    return { language: previous, changed: false, basis: 'kept' };
  }
  if (!previous && hinted && !chinese && clearlyWrittenIn(hinted, words)) {
    // A first message in the platform's language, by its own function words.
    return { language: hinted, changed: false, basis: 'text' };
  }
  const guess = detectInWords(words);
  if (previous) {
    if (guess && guess.reliable && guess.language !== previous && guess.words >= SWITCH_MIN_WORDS) {
      return { language: guess.language, changed: true, basis: 'text' };
    }
    return { language: previous, changed: false, basis: 'kept' };
  }
  if (guess?.reliable && guess.words >= 2) return { language: guess.language, changed: false, basis: 'text' };
  if (hinted) return { language: hinted, changed: false, basis: 'locale' };
  if (guess) return { language: guess.language, changed: false, basis: 'weak-text' };
  return { language: FALLBACK_LANGUAGE, changed: false, basis: 'fallback' };
}

/** `language`'s own function words (2 or more; only Latin-script languages have them) lead every other's twice over. */
function clearlyWrittenIn(language: Language, words: string[]): boolean {
  const scores = functionWordScores(words);
  const own = scores.get(language) ?? 0;
  if (own < 2) return false;
  for (const [other, score] of scores) if (other !== language && 2 * score > own) return false;
  return true;
}

/** `decideConversationLanguage(...).language`: the pure function the conversation flow calls on every message. */
export function nextConversationLanguage(previous: Language | undefined, text: string, localeHint?: string | null): Language {
  return decideConversationLanguage(previous, text, localeHint).language;
}
