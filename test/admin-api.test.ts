/** The admin API: auth, channel switches across processes, knowledge-base management, try, metrics. */
import { readFileSync } from 'node:fs';
import { ChannelSwitches } from '../admin/channel-switches';
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
      expect((await off.call('GET', '/metrics', undefined, null)).status).toBe(200);
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

  test('a valid replacement is used at once, written to the file, and every other replica re-reads its KB', async () => {
    const replica = await startAdmin({ prefix: f.prefix });
    const reloads: string[] = [];
    const reload = replica.knowledge.reload.bind(replica.knowledge);
    replica.knowledge.reload = (why?: string) => {
      reloads.push(why ?? '');
      return reload(why);
    };
    try {
      const text = readFileSync(f.kbFile, 'utf8').replace('A late fee of €5 applies', 'A late fee of €7 applies');
      const { status, data } = await f.call('PUT', '/admin/api/kb', { text });
      expect(status).toBe(200);
      expect(data.version).toBe(f.core.knowledgeBase.version);
      expect(readFileSync(f.kbFile, 'utf8')).toContain('€7');
      await say('telegram:kb-2', 'how much is the late fee?');
      expect(f.adapter.last()!.text).toContain('€7');
      // The replica was told through Redis and re-read its own KB file (a copy of the original: still €5, but
      // re-read, so a replica sharing the file would now serve €7).
      const started = Date.now();
      while (!reloads.length && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 10));
      expect(reloads).toHaveLength(1);
    } finally {
      await replica.close();
    }
  });

  test('learning from staff: a question the bot could not answer is answered next time', async () => {
    const question = 'my parcel vanished into thin air';
    const before = (await f.call('POST', '/admin/api/try', { text: question })).data.decision;
    expect(before.kind === 'answer' && before.entryId === 'delivery-status').toBe(false);
    const learned = await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question });
    expect(learned.status).toBe(200);
    expect(readFileSync(f.kbFile, 'utf8')).toContain(`- ${question}`);
    expect(readFileSync(f.kbFile, 'utf8')).toContain('# Demo knowledge base'); // the admin's comments are kept
    const after = (await f.call('POST', '/admin/api/try', { text: question })).data.decision;
    expect(after).toMatchObject({ kind: 'answer', entryId: 'delivery-status' });
  });

  test('learning into an unknown entry is refused', async () => {
    expect((await f.call('POST', '/admin/api/kb/learn', { entryId: 'nope', question: 'x' })).status).toBe(422);
  });
});

describe('try a question', () => {
  test('shows the decision and its confidence', async () => {
    const { data } = await f.call('POST', '/admin/api/try', { text: 'where is my refund?' });
    expect(data.decision).toMatchObject({ kind: 'answer', entryId: 'refund-status' });
    expect(data.decision.confidence).toBeGreaterThan(0.5);
  });
});

describe('metrics', () => {
  test('bot resolutions count only when confirmed; handoffs, reasons and loops are counted; Prometheus has the same', async () => {
    await say('telegram:m-1', 'where is my refund?');
    await say('telegram:m-1', 'thanks!'); // confirmed
    await say('telegram:m-2', 'how much is the late fee?'); // answered, never confirmed
    await say('telegram:m-3', 'where is my order?');
    await say('telegram:m-3', 'where is my order?'); // a loop caught → handoff
    await new Promise((r) => setTimeout(r, 100)); // metrics are recorded off the message path
    const { data } = await f.call('GET', '/admin/api/metrics');
    expect(data.bot.resolvedConfirmed).toBeGreaterThanOrEqual(1);
    expect(data.bot.unconfirmed).toBeGreaterThanOrEqual(1);
    expect(data.loopsCaught).toBeGreaterThanOrEqual(1);
    expect(data.handoffs.reasons.repeated_question).toBeGreaterThanOrEqual(1);
    expect(data.conversations.total).toBeGreaterThanOrEqual(3);
    const prometheus = await f.call('GET', '/metrics', undefined, null);
    expect(prometheus.data).toContain('support_decisions_total{kind="answer"}');
    expect(prometheus.data).toContain('support_loops_caught_total');
    expect(prometheus.data).toContain('support_handoffs_total{reason="repeated_question"}');
  });
});
