/**
 * Tools to write training phrasings compactly: templates with alternatives, sampled deterministically, and
 * the typos people make (letters swapped, dropped, doubled; two words run together), so a classifier learns
 * "tlak to an agnet" and "tosomebody" from "talk to an agent" and "to somebody".
 *
 * Template syntax: `{a|b|}` is one of the alternatives (an empty one drops the group); `$NAME` is replaced
 * by the alternatives of the list `NAME` from the slots given.
 */

/** A small deterministic random generator (mulberry32): the same phrasings at every start. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every expansion of one template, or a deterministic sample of at most `limit` of them. */
export function expand(template: string, slots: Record<string, readonly string[]>, limit: number, random: () => number): string[] {
  const withSlots = template.replace(/\$([A-Z_]+)/g, (_, name: string) => {
    const list = slots[name];
    if (!list) throw new Error(`unknown slot $${name} in "${template}"`);
    return `{${list.join('|')}}`;
  });
  const parts = withSlots.split(/(\{[^{}]*\})/).filter((p) => p !== '');
  const choices = parts.map((p) => (p.startsWith('{') ? p.slice(1, -1).split('|') : [p]));
  const total = choices.reduce((n, c) => n * c.length, 1);
  const pick = (indexes: number[]) => tidy(indexes.map((k, i) => choices[i][k]).join(''));
  if (total <= limit) {
    const out: string[] = [];
    const indexes = choices.map(() => 0);
    for (let n = 0; n < total; n++) {
      out.push(pick(indexes));
      for (let i = indexes.length - 1; i >= 0; i--) {
        if (++indexes[i] < choices[i].length) break;
        indexes[i] = 0;
      }
    }
    return out;
  }
  const seen = new Set<string>();
  for (let tries = 0; seen.size < limit && tries < limit * 4; tries++) {
    seen.add(pick(choices.map((c) => Math.floor(random() * c.length))));
  }
  return [...seen];
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s+([,?!.])/g, '$1').trim();
}

/** One typo in one word of five letters or more (or two words run together), as people type in a hurry. */
export function withTypo(text: string, random: () => number): string {
  const words = text.split(' ');
  const long = words.map((w, i) => (w.length >= 4 && /^\p{L}+$/u.test(w) ? i : -1)).filter((i) => i >= 0);
  const kind = random();
  if (kind < 0.2 && words.length >= 2) {
    const i = Math.floor(random() * (words.length - 1));
    return [...words.slice(0, i), words[i] + words[i + 1], ...words.slice(i + 2)].join(' ');
  }
  if (long.length === 0) return text;
  const i = long[Math.floor(random() * long.length)];
  const w = words[i];
  const at = 1 + Math.floor(random() * (w.length - 2));
  let typo: string;
  if (kind < 0.45) typo = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2); // swap neighbours
  else if (kind < 0.7) typo = w.slice(0, at) + w.slice(at + 1); // drop a letter
  else if (kind < 0.85) typo = w.slice(0, at) + w[at] + w.slice(at); // double a letter
  else typo = w.slice(0, at) + 'aeiou'[Math.floor(random() * 5)] + w.slice(at + 1); // wrong vowel
  words[i] = typo;
  return words.join(' ');
}

/**
 * Expand a list of templates, and add typo'd copies of a share of them. Each template draws from its own
 * random stream (seeded by its text), so adding or editing one template leaves every other template's
 * phrasings as they were: with one shared stream, a new Spanish template reshuffled the English samples and
 * moved unrelated messages across a threshold.
 */
export function phrasings(
  templates: readonly string[],
  slots: Record<string, readonly string[]>,
  options: { perTemplate: number; typoShare: number; seed: number },
): string[] {
  const out: string[] = [];
  for (const template of templates) {
    const random = seededRandom(options.seed ^ textHash(template));
    const expanded = expand(template, slots, options.perTemplate, random);
    out.push(...expanded, ...expanded.filter(() => random() < options.typoShare).map((t) => withTypo(t, random)));
  }
  return out;
}

/** FNV-1a over the UTF-16 code units: a stable seed per template. */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
