/**
 * Without Slack, the whole loop runs from the terminal: the local staff console gets the page through the same
 * queue and worker, and claims, replies, notes and resolves with `/staff …` commands.
 */
import { PassThrough } from 'node:stream';
import { CHOICE_PERSON } from '../core/replies';
import type { ConversationAddress, OutboundMessage } from '../core/types';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';

describe('local staff console', () => {
  let h: Harness;
  let printed = '';
  beforeAll(async () => {
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    h = await startHarness({ slack: false, consoleOutput: output });
  });
  afterAll(async () => {
    await h.close();
  });

  it('pages, claims, relays, keeps notes internal, resolves and collects the rating', async () => {
    const address = 'shop:local';
    const staff = h.handoff.console!;
    await h.say(address, 'my e-mail is ana@example.com, where is my parcel?', undefined, 'Ana Lima');
    await h.say(address, 'Talk to a person', CHOICE_PERSON, 'Ana Lima');
    await eventually(() => printed.includes('Ana Lima on shop needs a person'), 'page printed');
    expect(printed).toContain('[email]');
    expect(printed).not.toContain('ana@example.com');

    expect(await staff.handleCommand('/staff list')).toBe(true);
    expect(printed).toMatch(/Ana Lima \(shop, pressed "Talk to a person"\): waiting/);
    await staff.handleCommand('/staff claim');
    expect(h.customers.last(address)!.text).toBe('Sam from our team has joined and will take it from here.');

    await h.say(address, 'are you there?');
    await eventually(() => printed.includes('Ana Lima: are you there?'), 'customer line shown to staff');
    await staff.handleCommand('/staff reply note: double charge confirmed');
    await staff.handleCommand('/staff reply Yes! I am refunding the second charge now.');
    // Staff replies are durable jobs (handoff/agent-reply-queue.ts): delivered by the worker, just after.
    await eventually(() => h.customers.to(address).some((m) => m.sender?.kind === 'agent'), 'the staff reply delivered');
    expect(h.customers.to(address).filter((m) => m.sender?.kind === 'agent')).toEqual([{ text: 'Yes! I am refunding the second charge now.', sender: { kind: 'agent', name: 'Sam' }, language: 'en' }]);

    await staff.handleCommand('/staff resolve');
    expect(h.customers.last(address)!.choices?.map((c) => c.id)).toContain('rate:5');
    await h.say(address, '★★★★★', 'rate:5');
    const id = (await h.handoff.records.listRecent()).find((r) => r.address === address)!.id;
    expect(await h.handoff.records.get(id)).toMatchObject({ status: 'resolved', rating: 5, agent: { name: 'Sam Staff' } });
    expect(await staff.handleCommand('hello')).toBe(false); // not a staff command: the customer's line
  });
});

describe('local staff console: a reply that never reaches the customer', () => {
  let h: Harness;
  let printed = '';
  beforeAll(async () => {
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    h = await startHarness({ slack: false, consoleOutput: output, config: { staffReplyAttempts: 2, staffReplyBackoffMs: 20 } });
    const send = h.customers.send.bind(h.customers);
    // The customer's platform refuses every agent message (an outage).
    h.customers.send = async (address: ConversationAddress, message: OutboundMessage) => {
      if (message.sender?.kind === 'agent') throw new Error('platform unavailable (503)');
      await send(address, message);
    };
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows "⚠️ not delivered to the customer: <reason>" to the staff member, as Slack staff see it in the thread', async () => {
    const address = 'shop:console-down';
    const staff = h.handoff.console!;
    await h.say(address, 'Talk to a person', CHOICE_PERSON, 'Bo Berg');
    await eventually(() => printed.includes('Bo Berg on shop needs a person'), 'page printed');
    await staff.handleCommand('/staff claim');
    await staff.handleCommand('/staff reply Your refund left today.');
    await eventually(() => printed.includes('⚠️ not delivered to the customer: platform unavailable (503)'), 'the not-delivered notice');
    expect(h.customers.to(address).some((m) => m.text === 'Your refund left today.')).toBe(false);
  });
});
