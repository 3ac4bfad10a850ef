/**
 * Split a reply that is longer than a platform allows (Telegram 4,096 characters, Discord 2,000, Slack ~40,000,
 * Teams ~28 KB) into parts that each fit, breaking at paragraph, line, sentence or word boundaries when possible,
 * never inside a surrogate pair.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 16) throw new Error(`splitText: limit ${limit} is too small to split sensibly`);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = bestBreak(window);
    let end = cut > limit * 0.5 ? cut : limit;
    // Do not split a surrogate pair (emoji and other astral characters).
    const code = rest.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    parts.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(end).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function bestBreak(window: string): number {
  for (const separator of ['\n\n', '\n', '. ', '! ', '? ', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > 0) return at + separator.length;
  }
  return -1;
}
