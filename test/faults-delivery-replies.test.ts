/**
 * Issue 10 #6: a staff reply is a durable job. Against the fake Slack (staff) and a customer platform that fails
 * N times then accepts, the reply arrives once, after the failures; against one that always fails, staff see
 * "⚠️ not delivered to the customer: <reason>" in the page's thread; a reply in the thread of a conversation Redis
 * lost is answered there ("this conversation no longer exists").
 */
import { ACTION_CLAIM } from '../adapters/slack/staff';
import { CHOICE_PERSON } from '../core/replies';
import type { ConversationAddress, OutboundMessage } from '../core/types';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';

let h: Harness;
let failuresLeft = 0;
let sendAttempts = 0;

beforeAll(async () => {
  h = await startHarness({ config: { staffReplyAttempts: 4, staffReplyBackoffMs: 50 } });
  const send = h.customers.send.bind(h.customers);
  // The customer's platform: refuses agent messages while `failuresLeft` > 0 (a platform outage).
  h.customers.send = async (address: ConversationAddress, message: OutboundMessage) => {
    if (message.sender?.kind === 'agent') {
      sendAttempts += 1;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('platform unavailable (503)');
      }
    }
    await send(address, message);
  };
});
afterAll(async () => {
  await h.close();
});

async function claimed(address: string) {
  await h.say(address, 'I need help with my order');
  await h.say(address, 'Talk to a person', CHOICE_PERSON);
  const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
  const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
  await h.sender!.click({ actionId: ACTION_CLAIM, value: id, user: 'UAGENT1', channel: STAFF_CHANNEL, messageTs: page.ts });
  await eventually(async () => (await h.core.getState(address))?.mode === 'with_agent', 'claimed');
  return page;
}

let ts = 1700000100;
function staffReply(threadTs: string, text: string) {
  ts += 1;
  return h.sender!.event({ type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text, ts: `${ts}.000100`, thread_ts: threadTs }, `Ev-${ts}`);
}

test('a reply the customer\'s platform refuses 3 times is retried and delivered once', async () => {
  const address = 'shop:flaky';
  const page = await claimed(address);
  failuresLeft = 3;
  sendAttempts = 0;
  await staffReply(page.ts, 'Your refund left today.');
  await eventually(() => h.customers.to(address).some((m) => m.text === 'Your refund left today.'), 'the reply after the outage', 10_000);
  expect(sendAttempts).toBe(4);
  expect(h.customers.to(address).filter((m) => m.text === 'Your refund left today.')).toHaveLength(1);
  // The job is done: nothing left to retry, nor kept (a delivered job, staff's words in it, is deleted at once),
  // and staff were not told of a failure.
  await eventually(async () => Object.values(await h.handoff.replies!.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).every((n) => n === 0), 'the job completed and removed');
  expect(h.slack!.threadOf(page.ts).some((m) => m.text.includes('not delivered'))).toBe(false);
});

test('a reply that never gets through is reported in the thread after the last attempt', async () => {
  const address = 'shop:down';
  const page = await claimed(address);
  failuresLeft = 1000;
  sendAttempts = 0;
  await staffReply(page.ts, 'Can you send me your order number?');
  const notice = await eventually(() => h.slack!.threadOf(page.ts).find((m) => m.text.includes('not delivered')), 'the not-delivered notice', 10_000);
  expect(notice.text).toBe('⚠️ not delivered to the customer: platform unavailable (503)');
  expect(sendAttempts).toBe(4);
  expect(h.customers.to(address).some((m) => m.text === 'Can you send me your order number?')).toBe(false);
  failuresLeft = 0;
});

test('a reply in the thread of a conversation Redis lost is answered there, not ignored', async () => {
  const address = 'shop:lost';
  const page = await claimed(address);
  // Redis data loss: the handoff records, the thread's mapping and the conversation are gone (the queues stay).
  const keys = (await h.redis.keys(`${h.keyPrefix}*`)).filter((key) => !key.includes(':bull:'));
  await h.redis.del(...keys);
  expect(await h.handoff.records.idForThread(page)).toBeUndefined();
  await staffReply(page.ts, 'Are you still there?');
  const notice = await eventually(() => h.slack!.threadOf(page.ts).find((m) => m.text.includes('no longer exists')), 'the notice in the thread');
  expect(notice.text).toContain('not delivered: this conversation no longer exists');
  expect(h.customers.to(address).some((m) => m.text === 'Are you still there?')).toBe(false);
});
