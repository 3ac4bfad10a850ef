/** The admin API: auth, channel switches across processes, knowledge-base management, try, metrics. */
import { readFileSync, writeFileSync } from 'node:fs';
import { ChannelSwitches } from '../admin/channel-switches';
import { SupportMetrics } from '../admin/metrics';
import { CHOICE_RATING_PREFIX } from '../core/replies';
import { claimAtomically } from '../handoff/claim';
import { silentLogger } from '../core/log';
import { ADMIN_TOKEN, startAdmin, type AdminFixture } from './helpers/admin-fixture';
import { connectRedis } from './helpers/redis';

let f: AdminFixture;
let counter = 0;
const say = (address: string, text: string) =>
  f.core.handleInbound({ id: `a${++counter}`, address, customer: { id: address, displayName: 'Dana' }, text, sentAt: new Date() });

beforeAll(async () => {
  f = await startAdmin();
});
afterAll(() => f.close());

describe('authentication', () => {
  // Every row has three values: with fewer, jest would pass a `done` callback as the body.
  const endpoints: [string, string, unknown][] = [
    ['GET', '/admin/api/channels', undefined],
    ['POST', '/admin/api/channels', { channel: 'telegram', enabled: false }],
    ['GET', '/admin/api/kb', undefined],
    ['PUT', '/admin/api/kb', { text: '- {id: a, question: Q, answer: A}' }],
    ['POST', '/admin/api/kb/learn', { entryId: 'late-fee', question: 'x' }],
    ['POST', '/admin/api/kb/validate', { text: 'x' }],
    ['POST', '/admin/api/kb/reload', {}],
    ['POST', '/admin/api/try', { text: 'where is my refund?' }],
    ['GET', '/admin/api/handoffs', undefined],
    ['GET', '/admin/api/metrics', undefined],
  ];

  test.each(endpoints)('%s %s without a token or with a wrong one → 401, nothing changed', async (method, path, body) => {
    const versionBefore = f.core.knowledgeBase.version;
    expect((await f.call(method, path, body, null)).status).toBe(401);
    expect((await f.call(method, path, body, 'wrong-token')).status).toBe(401);
    expect((await f.call(method, path, body, ADMIN_TOKEN.slice(0, -1))).status).toBe(401);
    expect(f.switches.isEnabled('telegram')).toBe(true);
    expect(f.core.knowledgeBase.version).toBe(versionBefore);
  });

  test('without ADMIN_TOKEN the admin side is off, and Prometheus metrics still answer', async () => {
    const off = await startAdmin({ token: null });
    try {
      expect((await off.call('GET', '/admin/api/channels')).status).toBe(404);
      expect((await off.call('GET', '/admin', undefined, null)).status).toBe(404);
      expect((await off.call('GET', '/metrics', undefined, null)).status).toBe(404); // behind the token, or on METRICS_PORT
    } finally {
      await off.close();
    }
  });
});

describe('channels', () => {
  test('a channel switched off in one process is seen by a second process within 2 s, and it stops answering', async () => {
    const otherRedis = connectRedis();
    const other = new ChannelSwitches({ redis: otherRedis, keyPrefix: f.prefix, logger: silentLogger });
    await other.start();
    try {
      const { status, data } = await f.call('POST', '/admin/api/channels', { channel: 'telegram', enabled: false });
      expect(status).toBe(200);
      expect(data.channels.find((c: { channel: string }) => c.channel === 'telegram')).toMatchObject({ enabled: false });
      const started = Date.now();
      while (other.isEnabled('telegram') && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 20));
      expect(other.isEnabled('telegram')).toBe(false);

      const sent = f.adapter.sent.length;
      await say('telegram:off-1', 'where is my refund?');
      expect(f.adapter.sent.length).toBe(sent);

      await f.call('POST', '/admin/api/channels', { channel: 'telegram', enabled: true });
      await say('telegram:off-1', 'where is my refund?');
      expect(f.adapter.sent.length).toBe(sent + 1);
    } finally {
      await other.stop();
      await otherRedis.quit();
    }
  });

  test('an unknown channel or a missing flag is refused with the reason', async () => {
    expect(await f.call('POST', '/admin/api/channels', { channel: 'whatsapp', enabled: false })).toMatchObject({ status: 400, data: { error: expect.stringContaining('unknown channel "whatsapp"') } });
    expect(await f.call('POST', '/admin/api/channels', { channel: 'slack' })).toMatchObject({ status: 400 });
  });
});

describe('knowledge base', () => {
  test('get returns the file text, the version and the entries', async () => {
    const { data } = await f.call('GET', '/admin/api/kb');
    expect(data.entries).toHaveLength(30);
    expect(data.text).toContain('id: refund-status');
    expect(data.version).toBe(f.core.knowledgeBase.version);
  });

  test('an invalid replacement is refused with its errors while the old knowledge base keeps serving', async () => {
    const before = f.core.knowledgeBase.version;
    const fileBefore = readFileSync(f.kbFile, 'utf8');
    const { status, data } = await f.call('PUT', '/admin/api/kb', { text: '- id: fees\n  question: Fees?\n' });
    expect(status).toBe(422);
    expect(data.problems).toContainEqual({ entry: '#1 "fees"', field: 'answer', message: 'must be a non-empty string' });
    expect(f.core.knowledgeBase.version).toBe(before);
    expect(readFileSync(f.kbFile, 'utf8')).toBe(fileBefore);
    await say('telegram:kb-1', 'how much is the late fee?');
    expect(f.adapter.last()!.text).toContain('€5');
  });

  test('validate reports problems without changing anything', async () => {
    expect((await f.call('POST', '/admin/api/kb/validate', { text: 'entries: []' })).data).toMatchObject({ ok: false });
    expect((await f.call('POST', '/admin/api/kb/validate', { text: '- {id: a, question: Q, answer: A}' })).data).toEqual({ ok: true, entries: 1 });
  });

  test('a valid replacement is used at once, written to the file, and another replica sharing the file serves it within 2 s', async () => {
    const replica = await startAdmin({ prefix: f.prefix, kbFile: f.kbFile });
    try {
      const text = readFileSync(f.kbFile, 'utf8').replace('A late fee of €5 applies', 'A late fee of €7 applies');
      const { status, data } = await f.call('PUT', '/admin/api/kb', { text });
      expect(status).toBe(200);
      expect(data.version).toBe(f.core.knowledgeBase.version);
      expect(readFileSync(f.kbFile, 'utf8')).toContain('€7');
      await say('telegram:kb-2', 'how much is the late fee?');
      expect(f.adapter.last()!.text).toContain('€7');
      const started = Date.now();
      while (replica.core.knowledgeBase.version !== data.version && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 10));
      expect(replica.core.knowledgeBase.version).toBe(data.version);
    } finally {
      await replica.close();
    }
  });

  test('reload re-reads the file without a restart; an invalid file is refused and the current KB keeps serving', async () => {
    writeFileSync(f.kbFile, readFileSync(f.kbFile, 'utf8').replace(/A late fee of €\d applies/, 'A late fee of €8 applies'));
    expect((await f.call('POST', '/admin/api/kb/reload')).status).toBe(200);
    await say('telegram:kb-3', 'how much is the late fee?');
    expect(f.adapter.last()!.text).toContain('€8');

    const version = f.core.knowledgeBase.version;
    const good = readFileSync(f.kbFile, 'utf8');
    writeFileSync(f.kbFile, good.replace('id: late-fee', 'id: refund-status'));
    const refused = await f.call('POST', '/admin/api/kb/reload');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.data.problems)).toContain('refund-status');
    expect(f.core.knowledgeBase.version).toBe(version);
    await say('telegram:kb-4', 'how much is the late fee?');
    expect(f.adapter.last()!.text).toContain('€8');
    writeFileSync(f.kbFile, good);
  });

  test('learning from staff: the question of a resolved handoff, attached to an entry, is answered next time', async () => {
    const question = 'my parcel vanished into thin air';
    const before = (await f.call('POST', '/admin/api/try', { text: question })).data.decision;
    expect(before.kind === 'answer' && before.entryId === 'delivery-status').toBe(false);

    const transcript = [
      { from: 'customer' as const, text: 'hello', at: new Date().toISOString() },
      { from: 'customer' as const, text: question, at: new Date().toISOString() },
      { from: 'customer' as const, text: 'Talk to a person', at: new Date().toISOString() },
    ];
    const { id } = await f.records.open({ address: 'telegram:learn-1', customer: { id: 'c1', displayName: 'Dana' }, reason: 'picked_talk_to_person', transcript, requestedAt: new Date() }, new Date());
    // Not resolved yet: refused, nothing written.
    const early = await f.call('POST', '/admin/api/kb/learn', { handoffId: id, entryId: 'delivery-status' });
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.data.problems)).toContain('once it is resolved');
    expect(readFileSync(f.kbFile, 'utf8')).not.toContain(question);

    await f.records.finish((await f.records.get(id))!, 'resolved', { id: 'UAGENT1', name: 'Alex Morgan' });
    const listed = (await f.call('GET', '/admin/api/handoffs')).data.recent.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ status: 'resolved', questions: [question], question }); // greeting and "talk to a person" left out

    const learned = await f.call('POST', '/admin/api/kb/learn', { handoffId: id, entryId: 'delivery-status' });
    expect(learned.status).toBe(200);
    const file = readFileSync(f.kbFile, 'utf8');
    expect(file).toContain(`- ${question}`);
    expect(file).toContain('# Demo knowledge base'); // the admin's comments are kept

    // A new customer asking the same is answered with that entry.
    await say('telegram:learn-2', question);
    expect(f.adapter.last()!.text).toBe(f.core.knowledgeBase.byId.get('delivery-status')!.answer);
  });

  test('learning into an unknown entry, or from an unknown handoff, is refused', async () => {
    expect((await f.call('POST', '/admin/api/kb/learn', { entryId: 'nope', question: 'x' })).status).toBe(422);
    expect((await f.call('POST', '/admin/api/kb/learn', { handoffId: 'hnope', entryId: 'late-fee' })).data.problems[0].message).toContain('no handoff "hnope"');
  });
});

describe('try a question', () => {
  test('shows the decision and its confidence, on a fresh memory each time', async () => {
    for (let i = 0; i < 2; i++) {
      const { data } = await f.call('POST', '/admin/api/try', { text: 'where is my refund?' });
      expect(data.decision).toMatchObject({ kind: 'answer', entryId: 'refund-status' });
      expect(data.decision.confidence).toBeGreaterThan(0.5);
    }
  });

  test('says why: the words that weighed for the entry (a typo read as the word it misspells) and its nearest phrasing', async () => {
    const { data } = await f.call('POST', '/admin/api/try', { text: 'where is my refnud?' });
    expect(data.decision.entryId).toBe('refund-status');
    expect(data.why).toMatchObject({ entryId: 'refund-status', words: expect.arrayContaining(['refund']) });
    expect(data.why.example).toEqual(expect.any(String));
    expect(data.why.similarity).toBeGreaterThan(0.5);
    expect(data.why.similarity).toBeLessThanOrEqual(1);
  });
});

describe('metrics', () => {
  test('conversations, confirmed bot resolutions (abandoned kept apart), handoffs and reasons, loops, ratings, claim and resolution times; Prometheus has the same', async () => {
    const m = await startAdmin();
    let n = 0;
    const talk = async (address: string, text: string, choiceId?: string) => {
      await m.core.handleInbound({ id: `mx${++n}`, address, customer: { id: address, displayName: 'Dana' }, text, choiceId, sentAt: new Date() });
    };
    try {
      await talk('telegram:m-1', 'where is my refund?');
      await talk('telegram:m-1', 'thanks!'); // confirmed: resolved by the bot
      await talk('telegram:m-1', 'bye'); // after the outcome: no new conversation
      await talk('telegram:m-2', 'how much is the late fee?'); // answered, never confirmed: abandoned
      await talk('telegram:m-3', 'where is my order?');
      await talk('telegram:m-3', 'where is my order?'); // a loop caught → handoff
      await talk('telegram:m-4', 'I want to talk to a person'); // handoff
      await m.core.handBack('telegram:m-4', { askForRating: true });
      await talk('telegram:m-4', '★★★★', `${CHOICE_RATING_PREFIX}4`);
      await m.settled();

      // Handoff times: claimed after 30 s, 60 s and 600 s; one resolved 300 s after the request.
      const t0 = Date.now() - 3600_000;
      const agent = { id: 'UAGENT1', name: 'Alex Morgan' };
      for (const [i, claimAfter] of [30, 60, 600].entries()) {
        const { id } = await m.records.open({ address: `telegram:h-${i}`, customer: { id: `h${i}`, displayName: 'H' }, reason: 'asked_for_person', transcript: [], requestedAt: new Date(t0) }, new Date(t0));
        expect(await claimAtomically(m.redis, m.records.keys, id, agent, t0 + claimAfter * 1000)).toMatchObject({ won: true });
        if (i === 0) await m.records.finish((await m.records.get(id))!, 'resolved', agent, t0 + 300_000);
      }

      const { data } = await m.call('GET', '/admin/api/metrics?days=7');
      expect(data.window.days).toBe(7);
      expect(data.conversations.total).toBe(4);
      expect(data.bot).toEqual({ resolvedConfirmed: 1, resolvedShare: 0.25, abandoned: 1, abandonedShare: 0.25 });
      expect(data.handoffs).toEqual({ total: 2, rate: 0.5, reasons: { repeated_question: 1, asked_for_person: 1 } });
      expect(data.loopsCaught).toBe(1);
      expect(data.ratings).toEqual({ count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
      expect(data.timeToClaimSeconds).toMatchObject({ median: 60, p90: 600, samples: 3 });
      expect(data.resolutionSeconds).toMatchObject({ median: 300, p90: 300, samples: 1 });
      expect(data.perDay[data.perDay.length - 1]).toMatchObject({ conversations: 4, botResolved: 1, handoffs: 2, neither: 1, loopsCaught: 1 });
      expect((await m.call('GET', '/admin/api/metrics?days=0')).status).toBe(400);

      const prometheus = (await m.call('GET', '/metrics')).data as string;
      expect(prometheus).toContain('support_conversations_total 4');
      expect(prometheus).toContain('support_bot_resolved_confirmed_total 1');
      expect(prometheus).toContain('support_handoffs_total{reason="repeated_question"} 1');
      expect(prometheus).toContain('support_loops_caught_total 1');
      expect(prometheus).toContain('support_ratings_total{rating="4"} 1');
      expect(prometheus).toContain('support_time_to_claim_seconds_bucket{le="60"} 2');
      expect(prometheus).toContain('support_time_to_claim_seconds_count 3');
      expect(prometheus).toContain('support_resolution_seconds_count 1');
      expect(prometheus).toContain('support_handoffs_waiting 0');
      // Each handoff is observed once across replicas: a second scrape, or another replica, adds nothing.
      expect((await m.call('GET', '/metrics')).data).toContain('support_time_to_claim_seconds_count 3');
      const replica = new SupportMetrics({ redis: m.redis, keyPrefix: m.prefix, records: m.records, logger: silentLogger });
      expect((await replica.prometheus()).body).toContain('support_time_to_claim_seconds_count 0');
    } finally {
      await m.close();
    }
  });
});
