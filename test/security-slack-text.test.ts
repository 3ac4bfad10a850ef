/**
 * Issue 14 #3 and #4: a hostile display name is escaped in every Slack field (the page's fallback `text` too);
 * internal notes stay internal however they are formatted; Slack's entities are decoded before staff text
 * reaches the customer.
 */
import { ACTION_CLAIM } from '../adapters/slack/staff';
import { decodeSlackText, escapeSlack } from '../adapters/slack/mrkdwn';
import { CHOICE_PERSON } from '../core/replies';
import { isInternalNote } from '../handoff/relay';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';

const HOSTILE = '<!channel> Eve <@U0001> & <https://evil.example|click>';

describe('internal notes and Slack entities (units)', () => {
  it.each(['note: checking', '*note:* checking', '_note:_ checking', 'note : checking', '`note:` checking', '> note: checking', '&gt; note: checking', 'NOTE: x', '*Note*: x', '~note:~ x', '[note] x', '  _*note:*_ x'])(
    '%j is internal',
    (text) => expect(isInternalNote(text)).toBe(true),
  );
  it.each(['Note that your refund left today', 'notes are attached', 'Your note: we received it', 'I will note it down'])('%j reaches the customer', (text) => expect(isInternalNote(text)).toBe(false));

  it('decodes Slack entities for the customer', async () => {
    const names = async (id: string) => (id === 'UAGENT1' ? 'Dana Scully' : id);
    expect(await decodeSlackText('&gt; quoted &amp; more &lt;3', names)).toBe('> quoted & more <3');
    expect(await decodeSlackText('ask <@UAGENT1> or see <https://shop.example/help|our help page> or <https://shop.example/faq>', names)).toBe(
      'ask @Dana Scully or see our help page (https://shop.example/help) or https://shop.example/faq',
    );
    expect(await decodeSlackText('<mailto:help@shop.example|help@shop.example> in <#C123|billing> <!here>', names)).toBe('help@shop.example in #billing @here');
  });

  it('escapes everything Slack would act on', () => {
    expect(escapeSlack(HOSTILE)).not.toMatch(/[<>]/);
  });
});

describe('Slack fields with a hostile display name', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('the page, its fallback text and thread posts show the name without acting on it; notes stay internal', async () => {
    const address = 'shop:hostile';
    await h.say(address, 'where is my parcel? <!here>', undefined, HOSTILE);
    await h.say(address, 'Talk to a person', CHOICE_PERSON, HOSTILE);
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    const posted = h.slack!.find(page.channel, page.ts)!;
    const raw = (text: string) => /<!channel>|<!here>|<@U0001>|<https:\/\/evil/.test(text);
    expect(raw(posted.text)).toBe(false);
    expect(posted.text).toContain('&lt;!channel&gt;');
    expect(raw(JSON.stringify(posted.blocks))).toBe(false);

    await h.sender!.click({ actionId: ACTION_CLAIM, value: id, user: 'UAGENT1', channel: STAFF_CHANNEL, messageTs: page.ts });
    await eventually(async () => (await h.core.getState(address))?.mode === 'with_agent', 'claimed');
    await eventually(() => !raw(h.slack!.find(page.channel, page.ts)!.text) && h.slack!.find(page.channel, page.ts)!.text.startsWith('Claimed'), 'claimed page escaped');
    await h.say(address, 'hello <!channel>', undefined, HOSTILE);
    await eventually(() => h.slack!.threadOf(page.ts).some((m) => m.text.includes('hello')), 'customer line in the thread');
    expect(h.slack!.threadOf(page.ts).every((m) => !raw(m.text))).toBe(true);

    const notes = ['*note:* billing?', '_note:_ billing?', 'note : billing?', '`note:` billing?', '&gt; note: billing?'];
    notes.forEach((text, n) => void h.sender!.event({ type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text, ts: `1700000500.00000${n}`, thread_ts: page.ts }, `Ev-note-${n}`));
    await h.sender!.event({ type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text: '&gt; your words &amp; ours, see <https://shop.example/help|help>', ts: '1700000500.000100', thread_ts: page.ts }, 'Ev-decoded');
    const delivered = await eventually(() => h.customers.to(address).find((m) => m.sender?.kind === 'agent'), 'agent reply delivered');
    expect(delivered.text).toBe('> your words & ours, see help (https://shop.example/help)');
    await eventually(async () => (await h.handoff.audit.recent(50)).filter((e) => e.handoffId === id && e.action === 'note').length === notes.length, 'notes recorded as notes');
    expect(h.customers.to(address).filter((m) => m.sender?.kind === 'agent')).toHaveLength(1);
  });
});
