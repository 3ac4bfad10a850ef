/**
 * Issue 10 #10, second half: a permanent Slack error (`msg_too_long`, `channel_not_found`…) is not retried and the
 * customer's line is not stored again with each retry. Against the fake Slack answering `{ ok: false, error }` for
 * one call: one attempt, one stored line, a log line naming the error. A 20,000-character line reaches the thread
 * in parts Slack accepts.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from '../core/log';
import { CHOICE_PERSON } from '../core/replies';
import { SlackStaffDesk, THREAD_POST_CHARS } from '../adapters/slack/staff';
import { FakeSlack } from '../fakes/fake-slack';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';

function recordingLogger() {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push({ level, event, fields });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

const errorText = (fields?: Record<string, unknown>) => String((fields?.error as Error | undefined)?.message ?? fields?.error);

describe('permanent Slack errors on the staff side', () => {
  let h: Harness;
  const log = recordingLogger();
  beforeAll(async () => {
    h = await startHarness({ logger: log.logger });
  });
  afterAll(async () => {
    await h.close();
  });

  const threadPosts = (ts: string) => h.slack!.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);

  it('msg_too_long on a customer line in the thread: one attempt, the line stored once, the error logged', async () => {
    const address = 'shop:too-long';
    await h.say(address, 'where is my parcel?', undefined, 'Ana Lima');
    await h.say(address, 'Talk to a person', CHOICE_PERSON, 'Ana Lima');
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');

    h.slack!.fail('chat.postMessage', 'msg_too_long');
    const before = threadPosts(page.ts).length;
    await h.say(address, 'here is my whole bank statement', undefined, 'Ana Lima');
    const logged = await eventually(() => log.lines.find((l) => l.event === 'handoff.thread_post_failed'), 'the failure logged');
    expect(errorText(logged.fields)).toContain('msg_too_long');
    expect(threadPosts(page.ts).length - before).toBe(1);
    const stored = (await h.handoff.records.lines(id)).filter((l) => l.text === 'here is my whole bank statement');
    expect(stored).toHaveLength(1);

    // The next line goes through as usual.
    await h.say(address, 'are you there?', undefined, 'Ana Lima');
    await eventually(() => h.slack!.threadOf(page.ts).some((m) => m.text.includes('are you there?')), 'the next line posted');
  });

  it('the same line relayed again (a rerun of the turn) is stored and posted once', async () => {
    const address = 'shop:rerun';
    await h.say(address, 'Talk to a person', CHOICE_PERSON, 'Bo Berg');
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    const line = { from: 'customer' as const, text: 'my order is 1234', at: new Date().toISOString(), name: 'Bo Berg' };
    const first = await h.handoff.records.appendLine(id, line);
    const again = await h.handoff.records.appendLine(id, line);
    expect(first.page).toBeDefined();
    expect(again).toMatchObject({ duplicate: true, page: undefined });
    expect((await h.handoff.records.lines(id)).filter((l) => l.text === 'my order is 1234')).toHaveLength(1);
  });

  it('a page Slack refuses for good (channel_not_found) is tried once, not 8 times, and logged', async () => {
    const address = 'shop:no-channel';
    h.slack!.fail('chat.postMessage', 'channel_not_found');
    const pagesBefore = h.slack!.callsTo('chat.postMessage').filter((c) => c.args.channel === STAFF_CHANNEL && !c.args.thread_ts).length;
    await h.say(address, 'Talk to a person', CHOICE_PERSON, 'Cy Cole');
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    const logged = await eventually(() => log.lines.find((l) => l.event === 'handoff.paging_failed_permanently' && l.fields?.id === id), 'the permanent failure logged');
    expect(errorText(logged.fields)).toContain('channel_not_found');
    // The job failed for good (a final state): no retry will post it.
    const job = await eventually(async () => {
      const found = await h.handoff.queue.getJob(`page-${id}`);
      return found && (await found.isFailed()) ? found : undefined;
    }, 'the page job failed');
    expect(job.attemptsMade).toBe(1);
    const pagesAfter = h.slack!.callsTo('chat.postMessage').filter((c) => c.args.channel === STAFF_CHANNEL && !c.args.thread_ts).length;
    expect(pagesAfter - pagesBefore).toBe(1);
  });
});

describe('long customer lines in the thread', () => {
  const fake = new FakeSlack();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('a 20,000-character line is posted in parts Slack accepts, in order, nothing lost', async () => {
    const desk = new SlackStaffDesk({ client: new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } }), staffChannel: STAFF_CHANNEL });
    const words = Array.from({ length: 4001 }, (_, i) => `w${i % 10}&x`).join(' ');
    expect(words.length).toBeGreaterThanOrEqual(20_000);
    await desk.postCustomerLine({ channel: STAFF_CHANNEL, ts: '1700000000.000001' }, { from: 'customer', text: words, at: new Date().toISOString(), name: 'Ana' });
    const posts = fake.threadOf('1700000000.000001').map((m) => m.text);
    expect(posts.length).toBeGreaterThan(5);
    for (const text of posts) expect(text.length).toBeLessThanOrEqual(THREAD_POST_CHARS);
    const joined = posts.join(' ').replace(/^\*Ana:\* /, '').replace(/&amp;/g, '&');
    expect(joined).toBe(words);
  });
});
