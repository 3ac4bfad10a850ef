/**
 * What the matcher sees in one phrasing: stemmed words, word prefixes, word bigrams and character n-grams, each
 * kind under its own key prefix, with counts; and the content words' stems (what "unknown words" are counted on).
 */
import { STOPWORDS, charNgrams, stem } from '../text';

/** Letters kept of a stem for its prefix feature (cross-validated on the KB's own examples, 4 beat 3 and 5). */
const PREFIX_LENGTH = 4;

export interface Analysed {
  /** Feature key -> raw count. Prefixes keep the kinds apart: w: word, b: bigram, p: word prefix, none: char n-gram. */
  features: Map<string, number>;
  /** Stems of the non-stopwords: what "unknown words" are counted on. */
  content: string[];
}

export function analyse(words: string[]): Analysed {
  const stems = words.map(stem);
  const features = new Map<string, number>();
  const add = (key: string) => features.set(key, (features.get(key) ?? 0) + 1);
  for (const s of stems) add('w:' + s);
  // Word prefixes ("veri" of verify/verification, "tran" of transfer/transaction): a coarser stem that joins
  // derived forms the light stemmer keeps apart; idf weighs the ambiguous ones down. Normalised with the bigrams.
  for (const s of stems) if (s.length > PREFIX_LENGTH) add('p:' + s.slice(0, PREFIX_LENGTH));
  for (let i = 0; i + 1 < stems.length; i++) add('b:' + stems[i] + '_' + stems[i + 1]);
  for (const g of charNgrams(words, 3, 4)) add(g); // unprefixed: normalised text has no ':' so keys cannot collide
  return { features, content: stems.filter((_, i) => !STOPWORDS.has(words[i])) };
}
