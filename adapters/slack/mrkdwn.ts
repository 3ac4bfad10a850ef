/**
 * Slack's text format, both ways. Out: everything customer-controlled is escaped (`&`, `<`, `>`), so a display
 * name like `<!channel>` or `<@U123>` is shown, never acted on. In: staff text arrives with Slack's entities
 * (`&gt;`, `&lt;`, `&amp;`, `<@U…>`, `<#C…|name>`, `<http…|label>`, `<!here>`); customers get them decoded.
 */

/** Escape for any Slack text field (fallback `text`, mrkdwn blocks, ephemerals). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITY = /<([@#!])?([^<>|]{1,500})(?:\|([^<>]{0,500}))?>/g;

/** Staff text as the customer should read it; `nameOf` resolves a user id (`<@U…>`) to a name. */
export async function decodeSlackText(text: string, nameOf: (userId: string) => Promise<string>): Promise<string> {
  const users = new Map<string, string>();
  for (const match of text.matchAll(ENTITY)) {
    if (match[1] === '@' && !match[3] && !users.has(match[2])) users.set(match[2], await nameOf(match[2]).catch(() => 'a colleague'));
  }
  return text
    .replace(ENTITY, (_whole, sigil: string | undefined, target: string, label: string | undefined) => {
      if (sigil === '@') return `@${label || users.get(target) || 'a colleague'}`;
      if (sigil === '#') return `#${label || 'channel'}`;
      if (sigil === '!') return label || (/^(here|channel|everyone)$/.test(target) ? `@${target}` : '');
      if (!label || label === target || `mailto:${label}` === target) return target.replace(/^mailto:/, '');
      return `${label} (${target})`;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
