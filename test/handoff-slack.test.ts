/**
 * The handoff through Slack, end to end: the real core, Redis, BullMQ and Bolt, against a fake Slack Web API,
 * with correctly signed requests from "Slack".
 */
import { CHOICE_PERSON } from '../core/replies';
import { ACTION_CLAIM, ACTION_RESOLVE, ACTION_RETURN } from '../adapters/slack/staff';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';

const CARD = '4111 1111 1111 1111'; // Luhn-valid test Visa

describe('human handoff through Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { repageAfterMs: 300, escalateAfterMs: 300 } });
  });
  afterAll(async () => {
    await h.close();
  });

  /** A customer asks for a person; resolves with the handoff id and its posted page. */
  async function handOff(address: string, name = 'Ana Lima') {
    // A plain question first (a double charge would itself go to a person, as a dispute), then the button.
    await h.say(address, `my card ${CARD} expired, how do I change it? write me at ana@example.com`, undefined, name);
    await h.say(address, 'Talk to a person', CHOICE_PERSON, name);
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    return { id, page };
  }

  it('a customer who asks for a person twice is paged once, with a redacted Block Kit page', async () => {
    const address = 'shop:twice';
    const { id, page } = await handOff(address);
    // Asking again, through the core and straight at the port, concurrently: still one handoff and one page.
    await h.say(address, 'Talk to a person', CHOICE_PERSON);
    const record = (await h.handoff.records.get(id))!;
    await Promise.all([1, 2, 3].map(() => h.handoff.port.requestHandoff({ address, customer: record.customer, reason: 'asked_for_person', transcript: [], requestedAt: new Date() })));
    // Once the queue has nothing left to run now, a wrongly added second page job would have posted.
    await eventually(async () => {
      const counts = await h.handoff.queue.getJobCounts('waiting', 'active', 'prioritized');
      return counts.waiting + counts.active + counts.prioritized === 0;
    }, 'paging queue idle');
    expect(h.slack!.postsFor(id)).toHaveLength(1);

    const posted = h.slack!.find(page.channel, page.ts)!;
    expect(posted.channel).toBe(STAFF_CHANNEL);
    const blocksText = JSON.stringify(posted.blocks);
    expect(blocksText).toContain('Ana Lima');
    expect(blocksText).toContain('*shop*'); // platformOf(address)
    expect(blocksText).toContain('Talk to a person'); // transcript lines
    expect(blocksText).toContain('[card …1111]');
    expect(blocksText).toContain('[email]');
    expect(blocksText).not.toContain('4111');
    expect(blocksText).not.toContain('ana@example.com');
    expect(blocksText).toContain(ACTION_CLAIM);
    expect(blocksText).toContain(ACTION_RETURN);
    // The stored transcript is redacted too (REDACT at rest), and they were told their place in line.
    const state = await h.core.getState(address);
    expect(state!.history.some((line) => line.text.includes(CARD))).toBe(false);
    expect(state!.history.some((line) => line.text.includes('[card …1111]'))).toBe(true);
    expect(state!.mode).toBe('waiting');
    expect(h.customers.to(address).some((m) => /number 1 in line/.test(m.text))).toBe(true);
  });

  it('50 staff clicking Claim at once: exactly one wins, the other 49 are told who did', async () => {
    const address = 'shop:race';
    const { id, page } = await handOff(address, 'Bruno Costa');
    const users = Array.from({ length: 50 }, (_, i) => `U${String(i).padStart(4, '0')}`);
    const responses = await Promise.all(users.map((user) => h.sender!.click({ actionId: ACTION_CLAIM, value: id, user, channel: STAFF_CHANNEL, messageTs: page.ts })));
    expect(responses.every((r) => r.status === 200)).toBe(true); // acknowledged

    const record = await eventually(async () => {
      const r = await h.handoff.records.get(id);
      return r?.status === 'claimed' ? r : undefined;
    }, 'claimed');
    const winner = record.agent!.id;
    const losers = () => h.slack!.ephemerals.filter((e) => e.text.includes('Already claimed by'));
    await eventually(() => losers().length >= 49, '49 ephemerals');
    expect(losers()).toHaveLength(49);
    expect(losers().every((e) => e.text === `Already claimed by <@${winner}>.` && e.user !== winner)).toBe(true);
    // The page says who has it; the customer is told once that a person joined, by first name.
    await eventually(() => h.slack!.find(page.channel, page.ts)!.text.startsWith('Claimed by @'), 'page updated');
    expect(h.slack!.find(page.channel, page.ts)!.text).toContain(`Claimed by @Agent ${winner}`);
    const joined = h.customers.to(address).filter((m) => m.text.includes('from our team has joined'));
    expect(joined).toHaveLength(1);
    expect(joined[0].text).toBe('Agent from our team has joined and will take it from here.');
    expect((await h.core.getState(address))!.mode).toBe('with_agent');
  });

  it('relays both ways; note: stays internal; the bot stays silent; resolve asks for a rating and hands back to the bot', async () => {
    const address = 'shop:relay';
    const { id, page } = await handOff(address, 'Chloé Martin');
    h.slack!.users.set('UAGENT1', { name: 'dana', real_name: 'Dana Scully' });
    await h.sender!.click({ actionId: ACTION_CLAIM, value: id, user: 'UAGENT1', channel: STAFF_CHANNEL, messageTs: page.ts });
    await eventually(async () => (await h.core.getState(address))?.mode === 'with_agent', 'claimed');
    expect(h.customers.last(address)!.text).toContain('Dana from our team has joined');

    // Customer → thread (redacted), with no bot reply.
    const before = h.customers.to(address).length;
    await h.say(address, 'my phone is +33 6 12 34 56 78, where is my refund?');
    expect(h.customers.to(address).length).toBe(before);
    const thread = () => h.slack!.threadOf(page.ts);
    await eventually(() => thread().some((m) => m.text.includes('where is my refund')), 'customer line in thread');
    const relayed = thread().find((m) => m.text.includes('where is my refund'))!;
    expect(relayed.text).toContain('[phone]');
    expect(relayed.text).not.toContain('12 34 56');

    // Thread → customer under the agent's name; notes stay internal; a Slack retry is processed once.
    await h.sender!.event({ type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text: 'note: checking with billing', ts: '1700000000.000100', thread_ts: page.ts }, 'Ev-note');
    const reply = { type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text: 'Your refund left today.', ts: '1700000000.000200', thread_ts: page.ts };
    await h.sender!.event(reply, 'Ev-reply');
    await h.sender!.event(reply, 'Ev-reply'); // Slack's retry of the same event
    await eventually(() => h.customers.to(address).some((m) => m.text === 'Your refund left today.'), 'agent reply delivered');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fromAgent = h.customers.to(address).filter((m) => m.sender?.kind === 'agent');
    expect(fromAgent).toEqual([{ text: 'Your refund left today.', sender: { kind: 'agent', name: 'Dana' }, language: 'en' }]);
    expect(h.customers.to(address).some((m) => m.text.includes('checking with billing'))).toBe(false);

    // Resolve → rating choices → rating stored → the next message is the bot's again.
    await h.sender!.click({ actionId: ACTION_RESOLVE, value: id, user: 'UAGENT1', channel: STAFF_CHANNEL, messageTs: page.ts });
    const ask = await eventually(() => h.customers.to(address).find((m) => m.choices?.some((c) => c.id === 'rate:5')), 'rating asked');
    expect(ask.choices!.map((c) => c.id)).toEqual(['rate:1', 'rate:2', 'rate:3', 'rate:4', 'rate:5']);
    await eventually(() => h.slack!.find(page.channel, page.ts)!.text.startsWith('Resolved'), 'page shows Resolved');
    await h.say(address, '★★★★', 'rate:4');
    const record = (await h.handoff.records.get(id))!;
    expect(record).toMatchObject({ status: 'resolved', rating: 4, agent: { id: 'UAGENT1', name: 'Dana Scully' } });
    expect(record.claimedAt).toBeInstanceOf(Date);
    expect(record.closedAt).toBeInstanceOf(Date);
    // Kept for metrics for the configured retention, then gone.
    const ttl = await h.redis.ttl(h.handoff.records.keys.record(id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(h.config.recordRetentionSeconds);
    expect((await h.core.getState(address))!.mode).toBe('bot');
    await h.say(address, 'how does paying later work?');
    expect(h.customers.last(address)!.sender).toEqual({ kind: 'bot' });
    expect(await h.handoff.records.openIdFor(address)).toBeUndefined();
  });

  it('a customer whose conversation restarted while a handoff was left open is paged afresh', async () => {
    const address = 'shop:forgotten';
    const old = await handOff(address);
    // The conversation state expired long after the handoff was opened; the old handoff was never finished.
    await h.redis.hset(h.handoff.records.keys.record(old.id), 'queuedAt', String(Date.now() - 24 * 3600 * 1000));
    await h.redis.del(`${h.keyPrefix}:conv:${address}`);
    await h.say(address, 'Talk to a person', CHOICE_PERSON);
    const fresh = await eventually(async () => {
      const id = await h.handoff.records.openIdFor(address);
      return id !== old.id ? id : undefined;
    }, 'a new handoff');
    await eventually(() => h.slack!.postsFor(fresh!).length === 1, 'new page');
    expect((await h.handoff.records.get(old.id))!.status).toBe('returned');
    await eventually(() => h.slack!.find(old.page.channel, old.page.ts)!.text.startsWith('Returned'), 'old page closed');
  });

  it('re-pages after the interval, then escalates, while nobody claims', async () => {
    const { id, page } = await handOff('shop:slow');
    const repage = await eventually(() => h.slack!.postsFor(id, 'repage')[0], 're-page posted');
    expect(repage.thread_ts).toBe(page.ts);
    expect(repage.text).toContain('<!here>');
    const escalation = await eventually(() => h.slack!.postsFor(id, 'escalate')[0], 'escalation posted');
    expect(escalation.text).toContain('<!channel>');
    expect(escalation.reply_broadcast).toBe(true);
    expect(h.slack!.postsFor(id, 'repage')).toHaveLength(1);
  });

  it('Return to bot on an unclaimed page hands back without asking for a rating', async () => {
    const address = 'shop:return';
    const { id, page } = await handOff(address);
    await h.sender!.click({ actionId: ACTION_RETURN, value: id, user: 'UAGENT2', channel: STAFF_CHANNEL, messageTs: page.ts });
    await eventually(async () => (await h.core.getState(address))?.mode === 'bot', 'back with the bot');
    expect(h.customers.last(address)!.text).toContain("You're back with the assistant");
    expect((await h.handoff.records.get(id))!.status).toBe('returned');
  });

  it('/resolve resolves the caller\'s claimed conversation and /handoffs lists the open queue', async () => {
    const waiting = await handOff('shop:listed', 'Eve Waiting');
    const claimed = await handOff('shop:slash', 'Finn Claimed');
    await h.sender!.click({ actionId: ACTION_CLAIM, value: claimed.id, user: 'UAGENT3', channel: STAFF_CHANNEL, messageTs: claimed.page.ts });
    await eventually(async () => (await h.core.getState('shop:slash'))?.mode === 'with_agent', 'claimed');

    const list = await h.sender!.slashCommand({ command: '/handoffs', user: 'UAGENT3', channel: STAFF_CHANNEL });
    expect(list.status).toBe(200);
    const listed = JSON.parse(list.body) as { response_type: string; text: string };
    expect(listed.response_type).toBe('ephemeral');
    expect(listed.text).toContain(`\`${waiting.id}\` *Eve Waiting*`);
    expect(listed.text).toContain(`\`${claimed.id}\` *Finn Claimed* (shop, pressed "Talk to a person"): with <@UAGENT3>`);

    // Nobody replied to the customer yet: /resolve asks first, and `--confirm` resolves.
    const asked = await h.sender!.slashCommand({ command: '/resolve', user: 'UAGENT3', channel: STAFF_CHANNEL });
    expect(asked.status).toBe(200);
    await eventually(() => h.slack!.ephemerals.some((e) => e.user === 'UAGENT3' && e.text.includes(`/resolve ${claimed.id} --confirm`)), 'asked to confirm');
    expect((await h.handoff.records.get(claimed.id))!.status).toBe('claimed');
    const resolved = await h.sender!.slashCommand({ command: '/resolve', text: `${claimed.id} --confirm`, user: 'UAGENT3', channel: STAFF_CHANNEL });
    expect(resolved.status).toBe(200);
    await eventually(async () => (await h.core.getState('shop:slash'))?.mode === 'closed', 'closed, rating asked');
    expect((await h.handoff.records.get(claimed.id))!.status).toBe('resolved');
    expect((await h.handoff.records.get(waiting.id))!.status).toBe('waiting');
  });

  it('rejects forged and stale Slack signatures with 401, processing nothing', async () => {
    const address = 'shop:forged';
    const { id, page } = await handOff(address);
    const callsBefore = h.slack!.calls.length;
    const click = { actionId: ACTION_CLAIM, value: id, user: 'UEVIL', channel: STAFF_CHANNEL, messageTs: page.ts };
    const forged = await h.sender!.click(click, { secret: 'not-the-secret' });
    const stale = await h.sender!.click(click, { skewSeconds: -10 * 60 });
    const forgedReply = await h.sender!.event({ type: 'message', channel: STAFF_CHANNEL, user: 'UEVIL', text: 'hi', ts: '1700000001.000001', thread_ts: page.ts }, 'Ev-forged', { secret: 'nope' });
    const forgedCommand = await h.sender!.slashCommand({ command: '/resolve', text: id, user: 'UEVIL', channel: STAFF_CHANNEL }, { skewSeconds: -3600 });
    // A 401 is answered before any listener runs: nothing can still be in flight.
    expect([forged.status, stale.status, forgedReply.status, forgedCommand.status]).toEqual([401, 401, 401, 401]);
    expect((await h.handoff.records.get(id))!.status).toBe('waiting');
    expect(h.slack!.calls.slice(callsBefore).filter((c) => c.method !== 'chat.postMessage' || !String(c.args.text).includes('<!'))).toEqual([]);
    expect((await h.core.getState(address))!.mode).toBe('waiting');
  });
});
