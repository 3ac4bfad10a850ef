/**
 * The ConversationStore contract (core/conversation-store.ts), run against both implementations: in memory, and
 * on a real Redis, where two store instances on two connections stand for two processes. Also checks the Redis
 * store's key layout keeps each script and MULTI within one Redis Cluster slot.
 */
import type Redis from 'ioredis';
import { ConversationBusyError, LockLostError, type ConversationStore, type ConversationStoreOptions } from '../core/conversation-store';
import { MemoryConversationStore } from '../core/memory-conversation-store';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { sameSlotTag } from '../core/redis-scripts';
import type { TranscriptLine } from '../core/types';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

// ioredis's own slot function (Redis Cluster's CRC16 of the hash tag); it ships without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const calculateSlot = require('cluster-key-slot') as (key: string) => number;

type Options = Omit<ConversationStoreOptions, 'keyPrefix'>;

interface Backend {
  /** Two stores that share their state, as two processes would. */
  pair(options: Options): [ConversationStore, ConversationStore];
  /** Another holder takes `address`'s lock, as after this holder's lease ran out during a long pause. */
  steal(store: ConversationStore, address: string): Promise<void>;
  close(): Promise<void>;
}

const backends: [string, () => Backend][] = [
  [
    'MemoryConversationStore',
    () => ({
      pair(options) {
        const store = new MemoryConversationStore({ keyPrefix: 'unused', ...options });
        return [store, store];
      },
      async steal(store, address) {
        (store as MemoryConversationStore).stealLock(address);
      },
      async close() {},
    }),
  ],
  [
    'RedisConversationStore',
    () => {
      const prefix = uniquePrefix('store');
      const connections: Redis[] = [];
      return {
        pair(options) {
          const a = connectRedis();
          const b = connectRedis();
          connections.push(a, b);
          return [new RedisConversationStore(a, { keyPrefix: prefix, ...options }), new RedisConversationStore(b, { keyPrefix: prefix, ...options })];
        },
        async steal(store, address) {
          await connections[0].set((store as RedisConversationStore).lockKey(address), 'another-turn', 'PX', 5000);
        },
        async close() {
          if (connections.length) await deleteKeys(connections[0], prefix);
          await Promise.all(connections.map((c) => c.quit()));
        },
      };
    },
  ],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const line = (text: string): TranscriptLine => ({ from: 'customer', text, at: new Date().toISOString() });

describe.each(backends)('%s', (_name, makeBackend) => {
  let backend: Backend;
  const base: Options = { ttlSeconds: 60, historyLimit: 5 };

  beforeAll(() => {
    backend = makeBackend();
  });
  afterAll(async () => {
    await backend.close();
  });

  test('the lock serialises two turns of one address, even from two store instances', async () => {
    const [a, b] = backend.pair(base);
    const spans: [string, number, number][] = [];
    const turn = (store: ConversationStore, name: string) =>
      store.withLock('lock:same', async () => {
        const start = Date.now();
        const { state } = await store.load('lock:same');
        await sleep(40);
        state.history.push(line(name));
        await store.save(state);
        spans.push([name, start, Date.now()]);
      });
    await Promise.all([turn(a, 'one'), turn(b, 'two'), turn(a, 'three')]);
    spans.sort((x, y) => x[1] - y[1]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][1]).toBeGreaterThanOrEqual(spans[i - 1][2]);
    // No turn's save was lost to another's read-modify-write.
    expect((await a.get('lock:same'))!.history.map((l) => l.text).sort()).toEqual(['one', 'three', 'two']);
  });

  test('different addresses run concurrently', async () => {
    const [a, b] = backend.pair(base);
    let inside = 0;
    let most = 0;
    const turn = (store: ConversationStore, address: string) =>
      store.withLock(address, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await sleep(60);
        inside -= 1;
      });
    await Promise.all([turn(a, 'lock:x'), turn(b, 'lock:y'), turn(a, 'lock:z')]);
    expect(most).toBe(3);
  });

  test('a turn that waits longer than lockWaitMs fails with ConversationBusyError, and the lock is usable after', async () => {
    const [a, b] = backend.pair({ ...base, lockWaitMs: 80 });
    let release!: () => void;
    const held = a.withLock('lock:busy', () => new Promise<void>((resolve) => (release = resolve)));
    while (!release) await sleep(5); // a holds the lock
    await expect(b.withLock('lock:busy', async () => 'never')).rejects.toBeInstanceOf(ConversationBusyError);
    release();
    await held;
    await expect(b.withLock('lock:busy', async () => 'mine')).resolves.toBe('mine');
  });

  test('the lock is a lease: a holder past lockMaxHoldMs no longer blocks, and its late release frees nobody else', async () => {
    // Leases of a second: a busy machine may pause this process for a few hundred ms without losing one.
    const [a, b] = backend.pair({ ...base, lockLeaseMs: 1000, lockMaxHoldMs: 2000, lockWaitMs: 5000 });
    const entered: string[] = [];
    const hold = (store: ConversationStore, name: string) => {
      let release!: () => void;
      const done = store.withLock('lock:lease', () => {
        entered.push(name);
        return new Promise<void>((resolve) => (release = resolve));
      });
      return { done, release: () => release() };
    };
    const stuck = hold(a, 'stuck');
    while (!entered.includes('stuck')) await sleep(5);
    const started = Date.now();
    const second = hold(b, 'second');
    while (!entered.includes('second')) await sleep(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800); // waited for the renewals to stop and the lease to run out
    // The stuck holder finishes late: its release must not free the second holder's lock.
    stuck.release();
    await stuck.done;
    const third = hold(a, 'third');
    await sleep(100);
    expect(entered).toEqual(['stuck', 'second']);
    second.release();
    await second.done;
    while (!entered.includes('third')) await sleep(5);
    third.release();
    await third.done;
  });

  test('a live turn longer than the lease keeps renewing it: the next turn waits for it to end', async () => {
    const [a, b] = backend.pair({ ...base, lockLeaseMs: 600, lockWaitMs: 8000 });
    const spans: Record<string, [number, number]> = {};
    const turn = (store: ConversationStore, name: string, ms: number) =>
      store.withLock('lease:renewed', async (lock) => {
        const start = Date.now();
        await sleep(ms);
        expect(lock.held).toBe(true);
        spans[name] = [start, Date.now()];
      });
    const slow = turn(a, 'slow', 2000); // more than three leases
    await sleep(20);
    await Promise.all([slow, turn(b, 'next', 1)]);
    expect(spans.next[0]).toBeGreaterThanOrEqual(spans.slow[1]);
  });

  test('a turn whose lock was taken over cannot save: the newer state stays', async () => {
    const [a, b] = backend.pair({ ...base, lockLeaseMs: 1000 });
    await expect(
      a.withLock('fence:one', async (lock) => {
        const { state } = await a.load('fence:one', 'old');
        state.history.push(line('stale turn'));
        await backend.steal(a, 'fence:one');
        await expect(a.save(state, 'old', lock)).rejects.toBeInstanceOf(LockLostError);
        expect(lock.held).toBe(false);
        await a.commit(state, 'old', lock);
      }),
    ).rejects.toBeInstanceOf(LockLostError);
    expect(await b.get('fence:one')).toBeUndefined();
    expect((await b.load('fence:one', 'old')).duplicate).toBe(false); // not marked processed: it will be redone
  });

  test('withTurn + commit: saved, marked processed and unlocked in one step; a duplicate is not run again', async () => {
    const [a, b] = backend.pair(base);
    const first = await a.withTurn('turn:one', 'm1', async (state, lock) => {
      state.history.push(line('hello'));
      await a.commit(state, 'm1', lock);
      expect(lock.held).toBe(false);
      return 'ran';
    });
    expect(first).toEqual({ duplicate: false, result: 'ran' });
    expect(await b.withTurn('turn:one', 'm1', async () => 'again')).toEqual({ duplicate: true });
    // Unlocked: another turn goes straight in, and sees the saved state.
    const second = await b.withTurn('turn:one', 'm2', async (state) => state.history.map((l) => l.text));
    expect(second).toEqual({ duplicate: false, result: ['hello'] });
    // A turn that did not commit (it failed) leaves the message unprocessed and the lock free.
    await expect(a.withTurn('turn:one', 'm3', async () => Promise.reject(new Error('send failed')))).rejects.toThrow('send failed');
    expect(await b.withTurn('turn:one', 'm3', async () => 'redone')).toEqual({ duplicate: false, result: 'redone' });
  });

  test('withTurn waits for the lock like withLock, and then sees what the holder saved under the same id', async () => {
    const [a, b] = backend.pair({ ...base, lockWaitMs: 3000 });
    let release!: () => void;
    const holding = a.withTurn('turn:wait', 'same', (state, lock) =>
      new Promise<void>((resolve) => (release = resolve)).then(() => a.commit(state, 'same', lock)),
    );
    await sleep(20);
    const retry = b.withTurn('turn:wait', 'same', async () => 'ran twice');
    await sleep(30);
    release();
    await holding;
    expect(await retry).toEqual({ duplicate: true });
  });

  test('a saved message id is a duplicate on the next load; other ids and other addresses are not', async () => {
    const [a, b] = backend.pair(base);
    const { state, duplicate } = await a.load('dedupe:one', 'm1');
    expect(duplicate).toBe(false);
    await a.save(state, 'm1');
    expect((await b.load('dedupe:one', 'm1')).duplicate).toBe(true);
    expect((await b.load('dedupe:one', 'm2')).duplicate).toBe(false);
    expect((await b.load('dedupe:two', 'm1')).duplicate).toBe(false);
    expect((await b.load('dedupe:one')).duplicate).toBe(false);
  });

  test('a message id is forgotten after dedupeSeconds', async () => {
    const [a] = backend.pair({ ...base, dedupeSeconds: 1 });
    const { state } = await a.load('dedupe:expiry', 'm1');
    await a.save(state, 'm1');
    expect((await a.load('dedupe:expiry', 'm1')).duplicate).toBe(true);
    await sleep(1100);
    expect((await a.load('dedupe:expiry', 'm1')).duplicate).toBe(false);
  });

  test('save keeps the last historyLimit lines and stamps updatedAt', async () => {
    const [a] = backend.pair(base);
    const { state } = await a.load('trim:one');
    const before = state.updatedAt;
    await sleep(5);
    for (let i = 1; i <= 8; i++) state.history.push(line(`line ${i}`));
    await a.save(state);
    const saved = (await a.get('trim:one'))!;
    expect(saved.history.map((l) => l.text)).toEqual(['line 4', 'line 5', 'line 6', 'line 7', 'line 8']);
    expect(saved.updatedAt > before).toBe(true);
  });

  test('an unknown address: get is undefined, load gives a fresh bot-mode state', async () => {
    const [a] = backend.pair(base);
    expect(await a.get('unknown:1')).toBeUndefined();
    const { state, duplicate } = await a.load('unknown:1', 'm1');
    expect(duplicate).toBe(false);
    expect(state).toMatchObject({ address: 'unknown:1', mode: 'bot', history: [] });
    expect(await a.get('unknown:1')).toBeUndefined(); // loading stores nothing
  });

  test('a conversation is forgotten ttlSeconds after its last save', async () => {
    const [a] = backend.pair({ ...base, ttlSeconds: 1 });
    const { state } = await a.load('ttl:one');
    await a.save(state);
    expect(await a.get('ttl:one')).toBeDefined();
    await sleep(1100);
    expect(await a.get('ttl:one')).toBeUndefined();
  });

  test('the stored state is a copy: changing a saved or loaded object changes nothing stored', async () => {
    const [a] = backend.pair(base);
    const { state } = await a.load('copy:one');
    state.history.push(line('kept'));
    await a.save(state);
    state.history.push(line('not saved'));
    state.mode = 'waiting';
    const loaded = (await a.load('copy:one')).state;
    expect(loaded.history.map((l) => l.text)).toEqual(['kept']);
    expect(loaded.mode).toBe('bot');
    loaded.history.length = 0;
    (await a.get('copy:one'))!.mode = 'closed';
    const again = (await a.get('copy:one'))!;
    expect(again.history.map((l) => l.text)).toEqual(['kept']);
    expect(again.mode).toBe('bot');
  });
});

describe('RedisConversationStore key layout', () => {
  test.each(['support', 'test:core:1:abc', '{bot}'])('with prefix %s, a conversation state key, its lock and its seen keys share one Cluster slot', (prefix) => {
    const store = new RedisConversationStore({ defineCommand: () => undefined } as unknown as Redis, { keyPrefix: prefix, ttlSeconds: 1, historyLimit: 1 });
    for (const address of ['telegram:12345', 'teams:a:1Xyz-_.', 'slack:T1:C2:1712.33', 'discord:{weird}']) {
      const state = store.stateKey(address);
      expect(state.startsWith(`${prefix}:`)).toBe(true);
      expect(store.seenKey(address, 'm1').startsWith(`${prefix}:`)).toBe(true);
      expect(calculateSlot(store.seenKey(address, 'm1'))).toBe(calculateSlot(state));
      expect(store.lockKey(address).startsWith(`${prefix}:`)).toBe(true);
      expect(calculateSlot(store.lockKey(address))).toBe(calculateSlot(state));
    }
  });

  test('sameSlotTag follows the Cluster rule: the first non-empty {…}, else the whole key', () => {
    expect(sameSlotTag('a:b')).toBe('{a:b}');
    expect(sameSlotTag('a:{x}:b')).toBe('{x}');
    expect(sameSlotTag('{bot}:conv:x')).toBe('{bot}');
  });
});
