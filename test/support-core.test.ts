/**
 * The conversation core on the in-memory state port (no Redis needed): modes, silence while a person handles the
 * customer, dedupe of redelivered messages, and one-at-a-time processing across two core instances sharing one
 * store. The stores themselves, including the Redis lock across connections, are tested in
 * conversation-store.test.ts.
 */
import { MemoryConversationStore } from '../core/memory-conversation-store';
import { CHOICE_PERSON } from '../core/replies';
import { SupportCore, UnknownPlatformError } from '../core/support-core';
import type { InboundMessage } from '../core/types';
import { buildCore } from './kit/core-builder';
import type { RecordingAdapter } from './kit/recording-adapter';

/** One store for every core here, as every replica shares one Redis. */
const sharedStore = new MemoryConversationStore({ keyPrefix: 'core', ttlSeconds: 600, historyLimit: 20 });

function makeCore() {
  const built = buildCore({ store: sharedStore, maxMessageChars: 500 });
  return { ...built, events: built.events.events };
}

let counter = 0;
function message(address: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return { id: `m${counter}`, address, customer: { id: 'c1', displayName: 'Dana Customer' }, text, sentAt: new Date(), ...extra };
}

describe('mode transitions', () => {
  test('bot → waiting on handoff; the bot stays silent and relays while waiting and with an agent; resolve → rating → bot', async () => {
    const { core, adapter, handoff } = makeCore();
    const address = 'test:modes';

    await core.handleInbound(message(address, 'where is my refund?'));
    expect((await core.getState(address))!.mode).toBe('bot');
    expect(adapter.last()!.text).toContain('5–10 working days');

    await core.handleInbound(message(address, 'I want to talk to a person'));
    expect((await core.getState(address))!.mode).toBe('waiting');
    expect(handoff.requests).toHaveLength(1);
    expect(handoff.requests[0]).toMatchObject({ address, reason: 'asked_for_person', customer: { displayName: 'Dana Customer' } });
    expect(handoff.requests[0].transcript.map((l) => l.from)).toEqual(['customer', 'bot', 'customer']);
    expect(adapter.last()!.text).toMatch(/number 1 in line/);

    // While waiting: relayed to staff; a clear FAQ question is answered, and the customer keeps their place.
    const sentBefore = adapter.sent.length;
    await core.handleInbound(message(address, 'how much is the late fee?'));
    expect(handoff.relayed.map((r) => r.line.text)).toEqual(['how much is the late fee?']);
    expect(adapter.sent.length).toBe(sentBefore + 1);
    expect(adapter.last()!.text).toMatch(/late fee.*still coming.*keep your place/s);

    await core.markClaimed(address, 'Alex Morgan');
    expect((await core.getState(address))!.mode).toBe('with_agent');
    expect(adapter.last()!.text).toBe('Alex from our team has joined and will take it from here.');

    handoff.claimed.add(address);
    const sentWithAgent = adapter.sent.length;
    await core.handleInbound(message(address, 'thanks, my order number is 123'));
    expect(adapter.sent.length).toBe(sentWithAgent); // the bot says nothing while a person is there
    expect(handoff.relayed).toHaveLength(2);

    await core.relayAgentMessage(address, 'Alex Morgan', 'I can see it, refunding now.');
    expect(adapter.last()).toEqual({ text: 'I can see it, refunding now.', sender: { kind: 'agent', name: 'Alex' }, language: 'en' });

    await core.handBack(address, { askForRating: true });
    expect((await core.getState(address))!.mode).toBe('closed');
    expect(adapter.last()!.choices!.map((c) => c.id)).toEqual(['rate:1', 'rate:2', 'rate:3', 'rate:4', 'rate:5']);

    await core.handleInbound(message(address, '★★★★★', { choiceId: 'rate:5' }));
    expect(handoff.ratings).toEqual([{ address, rating: 5 }]);
    const state = (await core.getState(address))!;
    expect(state.mode).toBe('bot');
    expect(state.memory.answered).toEqual([]); // a fresh start with the bot

    await core.handleInbound(message(address, 'how much is the late fee?'));
    expect(adapter.last()!.text).toContain('€5');
  });

  test('"Return to bot" skips the rating and the customer is back with the bot', async () => {
    const { core, adapter } = makeCore();
    const address = 'test:return';
    await core.handleInbound(message(address, 'Talk to a person', { choiceId: CHOICE_PERSON }));
    await core.handBack(address, { askForRating: false });
    expect((await core.getState(address))!.mode).toBe('bot');
    await core.handleInbound(message(address, 'where is my refund?'));
    expect(adapter.last()!.text).toContain('5–10 working days');
  });

  test('a customer who writes instead of rating starts afresh with the bot', async () => {
    const { core, adapter, handoff } = makeCore();
    const address = 'test:skip-rating';
    await core.handleInbound(message(address, 'agent'));
    await core.handBack(address, { askForRating: true });
    await core.handleInbound(message(address, 'how much is the late fee?'));
    expect(handoff.ratings).toEqual([]);
    expect((await core.getState(address))!.mode).toBe('bot');
    expect(adapter.last()!.text).toContain('€5');
  });
});

describe('delivery guarantees', () => {
  test('a redelivered platform message id is processed once', async () => {
    const { core, adapter, events } = makeCore();
    const first = message('test:dedupe', 'where is my refund?');
    await core.handleInbound(first);
    await core.handleInbound({ ...first });
    await core.handleInbound({ ...first, sentAt: new Date() });
    expect(adapter.texts('test:dedupe')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'duplicate_ignored')).toHaveLength(2);
  });

  test('a send that fails leaves the message unprocessed, so a redelivery is answered (nothing lost)', async () => {
    const { core, adapter } = makeCore();
    const failing = message('test:send-fails', 'how much is the late fee?');
    const send = adapter.send.bind(adapter);
    adapter.send = async () => {
      throw new Error('platform unavailable');
    };
    await expect(core.handleInbound(failing)).rejects.toThrow('platform unavailable');
    adapter.send = send;
    await core.handleInbound(failing);
    expect(adapter.texts('test:send-fails')).toEqual([expect.stringContaining('€5')]);
  });

  test('two core instances sharing one store process one conversation\'s messages one at a time', async () => {
    const a = makeCore();
    const b = makeCore();
    // A slow platform widens the window in which interleaving would show.
    a.adapter.sendDelayMs = 40;
    b.adapter.sendDelayMs = 40;
    const address = 'test:ordering';
    const spans: { start: number; end: number }[] = [];
    const timed = (core: SupportCore) => async (m: InboundMessage) => {
      await core.handleInbound(m);
    };
    const track = (adapter: RecordingAdapter) => {
      const send = adapter.send.bind(adapter);
      adapter.send = async (addr, msg) => {
        const start = Date.now();
        await send(addr, msg);
        spans.push({ start, end: Date.now() });
      };
    };
    track(a.adapter);
    track(b.adapter);

    const texts = ['where is my refund?', 'how much is the late fee?', 'hi', 'thanks', 'what payment methods do you accept', 'is delivery free'];
    await Promise.all(texts.map((text, i) => timed(i % 2 ? b.core : a.core)(message(address, text))));

    // Every turn's send finished before the next began: no overlap.
    spans.sort((x, y) => x.start - y.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    // And the shared state saw every message exactly once.
    const state = (await a.core.getState(address))!;
    expect(state.history.filter((l) => l.from === 'customer')).toHaveLength(texts.length);
  });

  test('a channel switched off by an admin is not answered until it is switched on again', async () => {
    let enabled = false;
    const { core: gated, adapter } = buildCore({ store: sharedStore, maxMessageChars: 500, channelGate: { isEnabled: () => enabled } });
    await gated.handleInbound(message('test:gated', 'where is my refund?'));
    expect(adapter.sent).toHaveLength(0);
    enabled = true;
    await gated.handleInbound(message('test:gated', 'where is my refund?'));
    expect(adapter.sent).toHaveLength(1);
  });

  test('an unknown platform is refused with a clear error', async () => {
    const { core } = makeCore();
    await expect(core.handleInbound(message('whatsapp:1', 'hi'))).rejects.toThrow(UnknownPlatformError);
    await expect(core.handleInbound(message('whatsapp:1', 'hi'))).rejects.toThrow(/No adapter is enabled for platform "whatsapp"/);
  });

  test('malformed messages are refused with the reason', async () => {
    const { core } = makeCore();
    await expect(core.handleInbound({ ...message('test:bad', 'hi'), id: '' })).rejects.toThrow(/missing platform message id/);
    await expect(core.handleInbound({ ...message('nocolon', 'hi') })).rejects.toThrow(/Invalid conversation address/);
    await expect(core.handleInbound({ ...message('test:bad', 'hi'), text: undefined as unknown as string })).rejects.toThrow(/text must be a string/);
  });

  test('a huge message is matched on its first part and kept (bounded) for staff', async () => {
    const { core, adapter } = makeCore();
    const huge = 'where is my refund? ' + 'blah '.repeat(20_000);
    await core.handleInbound(message('test:huge', huge));
    expect(adapter.sent).toHaveLength(1);
    const line = (await core.getState('test:huge'))!.history[0];
    expect(line.text.length).toBeLessThanOrEqual(5001);
  });
});
