/**
 * Text helpers shared by the matcher and other modules: normalisation, tokenising, a light stemmer and
 * character n-grams. Deliberately small and language-light: the knowledge base's own phrasings do the
 * real teaching, these only make "Refunds?" and "refund" look alike.
 */

/** Lowercase, strip accents, drop apostrophes inside words ("don't" -> "dont"), turn other punctuation into spaces. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\p{L})['’`](\p{L})/gu, '$1$2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Normalised words, in order. */
export function tokens(text: string): string[] {
  const normalized = normalize(text);
  return normalized ? normalized.split(' ') : [];
}

/**
 * Generic English function words. They carry little topic, so the matcher down-weights them; they are
 * not dropped entirely, because "why" vs "how" or "not" can still tell two questions apart.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being ' +
    'am do does did doing have has had having i me my mine myself we us our ours you your yours he him his she her ' +
    'it its they them their this that these those there here what which who whom whose im ive id ill youre dont ' +
    'can could would should will shall may might must please just also very really too any some all no nor ' +
    'than up out over again further once only own same such both each few more most other hi hello hey thanks thank'
  ).split(' '),
);

/** Suffixes the stemmer strips, with the least number of letters that must remain. */
const SUFFIXES: readonly [string, number][] = [
  ['ingly', 3],
  ['edly', 3],
  ['ing', 3],
  ['ed', 3],
  ['ly', 4],
];

/**
 * A light suffix stemmer (a small subset of Porter's rules): enough to join plurals and common verb forms
 * ("charges", "charged", "charging" -> "charg") without the cost or surprises of a full stemmer.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);

  for (const [suffix, keep] of SUFFIXES) {
    // Keep enough letters and a vowel in what remains, so "bed", "sing" and "apply" survive.
    if (w.endsWith(suffix) && w.length - suffix.length >= keep && /[aeiouy]/.test(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      // "stopped" -> "stopp" -> "stop"; "charged" -> "charg" stays comparable with "charge" -> "charg" below.
      if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 4 && !/[aeiou]y$/.test(w)) w = w.slice(0, -1) + 'i';
  return w;
}

/** Character n-grams of each word padded with spaces ("card" -> " ca", "car", "ard", "rd ", ...): robust to typos and inflections. */
export function charNgrams(words: readonly string[], min: number, max: number): string[] {
  const grams: string[] = [];
  for (const word of words) {
    const padded = ` ${word} `;
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
    }
  }
  return grams;
}

/** Sentences, split after . ! ? (and their CJK forms) or a line break; empty ones dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？\n])\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The last sentences of a text, at most `count` of them and as many as fit in `maxChars` (at least one, cut to `maxChars`). */
export function lastSentences(text: string, maxChars: number, count = Infinity): string {
  const all = sentences(text);
  let out = '';
  for (let i = all.length - 1; i >= Math.max(0, all.length - count); i--) {
    const next = out ? `${all[i]} ${out}` : all[i];
    if (next.length > maxChars) break;
    out = next;
  }
  return out || text.slice(-maxChars);
}

/** The first sentences of a text, at most `count` of them and as many as fit in `maxChars` (at least one, cut to `maxChars`). */
export function firstSentences(text: string, maxChars: number, count = Infinity): string {
  const all = sentences(text).slice(0, count);
  let out = '';
  for (const sentence of all) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > maxChars) break;
    out = next;
  }
  return out || text.slice(0, maxChars);
}

/**
 * A long message cut to `maxChars` keeping its beginning and its end (where the question often is), instead
 * of only its beginning.
 */
export function boundedText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor((maxChars - 3) / 2);
  return `${text.slice(0, half)} … ${text.slice(text.length - half)}`;
}
