/**
 * The contract every platform adapter passes. Each adapter's test file supplies a harness: its real SDK running
 * against a local fake server that speaks the platform's wire format, and ways to make the fake platform deliver
 * customer messages. The contract wires the adapter to a real SupportCore on a real Redis with the demo
 * knowledge base, and checks what the customer sees on the (fake) platform.
 */
import type Redis from 'ioredis';
import { RedisConversationStore } from '../../core/redis-conversation-store';
import { CHOICE_PERSON } from '../../core/replies';
import type { SupportCore } from '../../core/support-core';
import type { ChannelAdapter, ConversationAddress } from '../../core/types';
import { buildCore, demoAnswerer } from '../kit/core-builder';
import type { CoreEventLog } from '../kit/core-events';
import { eventually } from '../kit/eventually';
import type { RecordingHandoffPort } from '../kit/recording-adapter';
import { connectRedis, deleteKeys, uniquePrefix } from './redis';

/** What the customer saw on the platform: one platform message. */
export interface DeliveredMessage {
  text: string;
  /** Ids of the buttons attached (callback_data, custom_id, Action.Submit data…), in order. */
  choiceIds: string[];
}

export interface AdapterHarness {
  /** Start the fake platform server and build the real adapter against it (not started yet). */
  createAdapter(): Promise<ChannelAdapter>;
  /** The address the adapter uses for the harness's test customer. */
  readonly address: ConversationAddress;
  /** The platform's longest message; the contract checks a longer reply is split to fit. */
  readonly maxMessageLength: number;
  /** The fake platform delivers a customer text message; returns the platform's message id. */
  customerSays(text: string): Promise<string>;
  /** The fake platform delivers the same message again (a platform retry), same id. */
  redeliver(messageId: string): Promise<void>;
  /**
   * Set when the platform SDK itself drops a repeated message before it reaches us (discord.js ignores a
   * MESSAGE_CREATE for a message already in its cache): then the contract checks nothing more was sent after
   * a later message's reply, instead of waiting for the core to report the duplicate.
   */
  readonly sdkDropsRedeliveries?: boolean;
  /** The customer presses the button carrying this choice id on the last message that had it. */
  customerClicks(choiceId: string): Promise<void>;
  /** The customer sends a photo/sticker/file without text. */
  customerSendsNonText(): Promise<void>;
  /** Every message the fake platform received for the customer, in order. */
  delivered(): DeliveredMessage[];
  /** Stop the fake server and anything the harness started. */
  close(): Promise<void>;
}

const waitFor = (check: () => boolean, what: string) => eventually(check, what, 5000);

export function runAdapterContract(name: string, makeHarness: () => AdapterHarness): void {
  describe(`${name} adapter contract`, () => {
    const kb = demoAnswerer().kb;
    let redis: Redis;
    let prefix: string;
    let harness: AdapterHarness;
    let adapter: ChannelAdapter;
    let core: SupportCore;
    let handoff: RecordingHandoffPort;
    let events: CoreEventLog;

    beforeEach(async () => {
      redis = connectRedis();
      prefix = uniquePrefix(`contract-${name}`);
      harness = makeHarness();
      adapter = await harness.createAdapter();
      // The real Redis state port: platform redeliveries and locks are what this contract is about.
      ({ core, handoff, events } = buildCore({ adapter, store: new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 600, historyLimit: 30 }) }));
      await adapter.start(core.handleInbound);
    });

    afterEach(async () => {
      await adapter.stop();
      await harness.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
    });

    const delivered = () => harness.delivered();
    const waitForDelivered = (count: number) => waitFor(() => delivered().length >= count, `${count} message(s) delivered to the customer`);

    test('message in → core → reply with choices → click → answer', async () => {
      await harness.customerSays('payment');
      await waitForDelivered(1);
      const clarify = delivered()[0];
      expect(clarify.text).toMatch(/Did you mean/);
      expect(clarify.choiceIds[clarify.choiceIds.length - 1]).toBe(CHOICE_PERSON);
      const entryChoice = clarify.choiceIds.find((id) => id.startsWith('kb:'))!;
      expect(entryChoice).toBeDefined();

      await harness.customerClicks(entryChoice);
      await waitForDelivered(2);
      const entry = kb.byId.get(entryChoice.slice(3))!;
      expect(delivered()[1].text.replace(/\s+/g, ' ')).toContain(entry.answer.slice(0, 40).replace(/\s+/g, ' '));
    });

    test('a redelivered message is processed once', async () => {
      const id = await harness.customerSays('how much is the late fee?');
      await waitForDelivered(1);
      await harness.redeliver(id);
      if (harness.sdkDropsRedeliveries) {
        // A later message is a barrier: once its reply is there, a processed redelivery would have been too.
        await harness.customerSays('thanks');
        await waitForDelivered(2);
        await events.turnsCompleted(2);
        expect(delivered()).toHaveLength(2);
        expect(delivered()[1].text).toMatch(/welcome/i);
        return;
      }
      // The core reports the redelivery it ignored: no sleeping and hoping nothing arrives.
      await events.waitFor('duplicate_ignored');
      expect(delivered()).toHaveLength(1);
    });

    test('a non-text message gets "I can only read text" with a person offered', async () => {
      await harness.customerSendsNonText();
      await waitForDelivered(1);
      expect(delivered()[0].text).toMatch(/only read text/);
      expect(delivered()[0].choiceIds).toEqual([CHOICE_PERSON]);
    });

    test('an over-long reply is split into messages that fit the platform', async () => {
      // Replies follow a customer's message (Teams, for one, learns where to reply from it).
      await harness.customerSays('hi');
      await waitForDelivered(1);
      const line = (i: number) => `Line ${i} of a very long answer.`;
      const lines = Math.ceil((harness.maxMessageLength * 1.5) / line(999).length);
      await adapter.send(harness.address, { text: Array.from({ length: lines }, (_, i) => line(i)).join('\n') });
      await waitFor(() => delivered().length >= 3, 'split parts');
      const parts = delivered().slice(1);
      for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(harness.maxMessageLength);
      expect(parts.map((d) => d.text).join('\n').replace(/\s+/g, ' ')).toContain(line(lines - 1));
    });

    test('a staff reply is relayed to the customer on this platform under the agent\'s name', async () => {
      await harness.customerSays('I want to talk to a person');
      await waitForDelivered(1);
      expect(handoff.requests).toHaveLength(1);
      await core.markClaimed(harness.address, 'Alex Morgan');
      await core.relayAgentMessage(harness.address, 'Alex Morgan', 'Hi, I can help with that.');
      await waitForDelivered(3);
      expect(delivered()[2].text).toContain('Hi, I can help with that.');
      expect(delivered()[2].text).toContain('Alex');
    });
  });
}
