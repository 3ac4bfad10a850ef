/**
 * Typo repair against the knowledge base's own words: a word the KB never uses ("recieved", "tranfer", "acount")
 * is read as the KB word one edit away (a letter dropped, added, changed, or two neighbours swapped), when
 * there is one. Character n-grams already make a typo'd word partly similar; repairing it also restores its
 * word and bigram features and keeps it from counting as an unknown word (the out-of-scope signal).
 *
 * Symmetric deletes (as in SymSpell): every KB word and each of its one-letter deletions point back to the
 * word, so a lookup is the word's own deletions, a few map reads, with no scan of the vocabulary.
 */

/** Shorter words are left alone: at three or four letters, one edit turns a word into too many others ("card", "cart"). */
const MIN_LENGTH = 5;

export class SpellingIndex {
  private readonly known: ReadonlySet<string>;
  /** A word or one of its one-letter deletions -> the KB words it comes from, most used first. */
  private readonly byDeletion = new Map<string, string[]>();

  /** `counts`: each KB word and how often the KB uses it (ties between repairs go to the commoner word). */
  constructor(counts: ReadonlyMap<string, number>) {
    this.known = new Set(counts.keys());
    const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([word]) => word);
    for (const word of ranked) {
      if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
      for (const key of [word, ...deletions(word)]) {
        const words = this.byDeletion.get(key);
        if (!words) this.byDeletion.set(key, [word]);
        else if (!words.includes(word)) words.push(word);
      }
    }
  }

  /** The KB word `word` most likely misspells, or undefined (a known word, too short, or nothing one edit away). */
  correct(word: string): string | undefined {
    if (this.known.has(word) || word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    let best: string | undefined;
    let bestRank = Infinity;
    for (const key of [word, ...deletions(word)]) {
      const words = this.byDeletion.get(key);
      if (!words) continue;
      words.forEach((candidate, rank) => {
        if (rank < bestRank && withinOneEdit(word, candidate)) [best, bestRank] = [candidate, rank];
      });
    }
    return best;
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Symmetric deletes also pair words two edits apart ("abcd"/"abce" share "abc" — that one is a substitution,
 * fine — but "abxd"/"abdy" share "abd"): check the real distance (Damerau, adjacent swaps count as one edit).
 */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // adjacent swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // insertion/deletion
}
