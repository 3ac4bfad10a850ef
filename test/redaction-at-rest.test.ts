/**
 * Redaction at rest (issue 14 #2): a PII-laden conversation through the real core, Redis store, handoff (BullMQ)
 * and the Slack staff side against FakeSlack. Every key under the test prefix (by type) and every Slack call
 * payload is scanned: no raw card, e-mail, phone or IBAN anywhere. With REDACT=off the history keeps them.
 * Staff and bot lines too: a staff reply (and a bot line quoting one) reaches the customer as written, but nothing
 * raw stays in Redis once it is delivered — neither in the transcript nor in the agent-reply job.
 */
import type Redis from 'ioredis';
import { CHOICE_PERSON } from '../core/replies';
import { MemoryConversationStore } from '../core/memory-conversation-store';
import { redactingAtRest } from '../core/conversation-store';
import { noRedaction } from '../core/redact';
import { PermanentError } from '../core/errors';
import { RedisConversationStore } from '../core/redis-conversation-store';
import type { AnswerComposer } from '../core/types';
import { buildCore } from './kit/core-builder';
import { EnvReader, readCoreConfig } from '../core/config';
import { redact } from '../core/redact';
import { readLlmConfig } from '../core/llm/config';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import type { CompletionRequest, LanguageModel } from '../core/llm/language-model';
import { LlmComposer } from '../core/llm/llm-composer';
import { readHandoffConfig } from '../handoff/config';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';

const RAW = {
  card: /4111[ .-]?1111[ .-]?1111[ .-]?1111/,
  email: /ana\.lima@example\.com/i,
  phone: /(?:\+?33[ .]?)?6[ .]?12[ .]?34[ .]?56[ .]?78/,
  iban: /FR14[ -]?2004[ -]?1010[ -]?0505[ -]?0001[ -]?3M02[ -]?606/i,
  staffEmail: /\bana@example\.com/i,
};
/** What a staff member might type back into the thread, and a bot line quoting it. */
const STAFF_REPLY = 'Is this your card 4111 1111 1111 1111? I will write to ana@example.com';
const STAFF_LATER = 'Refund sent to card 4111 1111 1111 1111, receipt to ana@example.com';
const AGENT = { id: 'UAGENT1', name: 'Alex Morgan' };
const NAME = 'Ana (ana.lima@example.com)';
const FIRST = 'my card 4111 1111 1111 1111 was charged twice, write me at ana.lima@example.com';
const WAITING = 'call me on +33 6 12 34 56 78, refund to IBAN FR14 2004 1010 0505 0001 3M02 606';

/** Every value stored under the prefix, read by its type. */
async function everythingStored(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') found.push(key, String(await redis.get(key)));
      else if (type === 'hash') found.push(key, JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') found.push(key, ...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') found.push(key, ...(await redis.zrange(key, 0, -1)));
      else if (type === 'set') found.push(key, ...(await redis.smembers(key)));
      else if (type === 'stream') found.push(key, JSON.stringify(await redis.xrange(key, '-', '+')));
      else found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

function leaks(texts: string[]): string[] {
  return texts.filter((t) => Object.values(RAW).some((pattern) => pattern.test(t)));
}

/** A customer handed to a person, claimed by AGENT, who replies STAFF_REPLY; resolves once the reply is delivered. */
async function staffReplies(h: Harness, address: string): Promise<string> {
  await h.say(address, 'my order is late');
  await h.say(address, 'Talk to a person', CHOICE_PERSON);
  const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
  await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
  expect(await h.handoff.actions!.claim(id, AGENT)).toMatchObject({ won: true });
  expect(await h.handoff.actions!.reply(id, AGENT, STAFF_REPLY)).toBe('relayed');
  await eventually(() => h.customers.texts(address).includes(STAFF_REPLY), 'the customer got the reply as written');
  await jobsDone(h);
  return id;
}

/** The agent-reply queue has nothing waiting, running or kept. */
async function jobsDone(h: Harness): Promise<void> {
  await eventually(async () => {
    const counts = await h.handoff.replies!.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  }, 'reply jobs finished and removed');
}

describe('redaction at rest (REDACT on, the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { repageAfterMs: 60_000, escalateAfterMs: 60_000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('no raw card, e-mail, phone or IBAN in any Redis key or any Slack call', async () => {
    const address = 'shop:pii';
    await h.say(address, FIRST, undefined, NAME);
    await h.say(address, 'Talk to a person', CHOICE_PERSON, NAME);
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    await h.say(address, WAITING, undefined, NAME);
    await eventually(() => h.slack!.messages.some((m) => m.thread_ts && m.text.includes('refund to IBAN [IBAN')), 'waiting line posted in the thread');

    const stored = await everythingStored(h.redis, h.keyPrefix);
    expect(stored.length).toBeGreaterThan(0);
    expect(leaks(stored)).toEqual([]);
    expect(leaks(h.slack!.calls.map((c) => JSON.stringify(c)))).toEqual([]);

    // What is kept is the masked form: the transcript still says what the customer wrote.
    const state = await h.core.getState(address);
    const customerLines = state!.history.filter((l) => l.from === 'customer').map((l) => l.text);
    expect(customerLines).toContain('my card [card …1111] was charged twice, write me at [email]');
    expect(customerLines).toContain('call me on [phone], refund to IBAN [IBAN …2606]');
    expect(state!.customer!.displayName).toBe('Ana ([email])');
    const lines = await h.handoff.records.lines(id);
    expect(lines.map((l) => l.text)).toContain('call me on [phone], refund to IBAN [IBAN …2606]'); // redacting twice changes nothing
  });
});

describe('staff and bot lines at rest (REDACT on)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { repageAfterMs: 60_000, escalateAfterMs: 60_000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a staff reply reaches the customer raw, and nothing raw stays in Redis', async () => {
    const address = 'shop:staff-pii';
    const id = await staffReplies(h, address);
    expect(leaks(await everythingStored(h.redis, h.keyPrefix))).toEqual([]);
    // The transcript keeps the reply, masked; what the customer got is untouched.
    const state = await h.core.getState(address);
    expect(state!.history.filter((l) => l.from === 'agent').map((l) => l.text)).toEqual(['Is this your card [card …1111]? I will write to [email]']);
    expect(h.customers.to(address).find((m) => m.text === STAFF_REPLY)?.sender).toMatchObject({ kind: 'agent' });

    // Back with the bot, a later staff answer reaches the customer from the bot, quoting it: masked at rest too.
    expect(await h.handoff.actions!.finish(id, 'returned', AGENT)).toMatchObject({ done: true });
    await h.core.relayAgentMessage(address, AGENT.name, STAFF_LATER);
    expect(h.customers.to(address).find((m) => m.text.includes(STAFF_LATER))?.sender).toMatchObject({ kind: 'bot' });
    const after = await h.core.getState(address);
    expect(after!.history.find((l) => l.text.includes('Refund sent'))!.text).toContain('Refund sent to card [card …1111], receipt to [email]');
    expect(leaks(await everythingStored(h.redis, h.keyPrefix))).toEqual([]);
  });

  it('a reply that could not be delivered is kept for inspection, redacted', async () => {
    const address = 'shop:blocked';
    await h.say(address, 'my order is late');
    await h.say(address, 'Talk to a person', CHOICE_PERSON);
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    await h.handoff.actions!.claim(id, AGENT);
    const send = h.customers.send.bind(h.customers);
    h.customers.send = async (to, message) => {
      if (to === address && message.text === STAFF_REPLY) throw new PermanentError('the customer blocked the bot');
      return send(to, message);
    };
    try {
      await h.handoff.actions!.reply(id, AGENT, STAFF_REPLY);
      const failed = await eventually(async () => {
        const [job] = await h.handoff.replies!.queue.getFailed();
        return job && !RAW.card.test(job.data.text) ? job : undefined;
      }, 'the failed job redacted');
      expect(failed.data.text).toBe('Is this your card [card …1111]? I will write to [email]');
      expect(leaks(await everythingStored(h.redis, h.keyPrefix))).toEqual([]);
    } finally {
      h.customers.send = send;
    }
  });

  it('a bot answer echoing the customer (a language model composing from their words) is masked at rest', async () => {
    const echo = 'About your card 4111 1111 1111 1111: the late fee is €5, receipt to ana@example.com';
    const composer: AnswerComposer = {
      compose: async (input) => ({ kind: 'answer', text: echo, entryIds: [input.candidates[0].entryId], shownEntryIds: [input.candidates[0].entryId] }),
    };
    const prefix = `${h.keyPrefix}:bot`;
    const store = new RedisConversationStore(h.redis, { keyPrefix: prefix, ttlSeconds: 600, historyLimit: 30 });
    const built = buildCore({ store, composer: { composer, timeoutMs: 2000, maxCallsPerConversation: 5 } });
    await built.say('test:echo', 'how much is the late fee? my card is 4111 1111 1111 1111');
    expect(built.adapter.texts('test:echo')).toContain(echo); // the customer gets the answer as composed
    const state = await store.get('test:echo');
    expect(state!.history.find((l) => l.from === 'bot')!.text).toBe('About your card [card …1111]: the late fee is €5, receipt to [email]');
    const stored = await everythingStored(h.redis, prefix);
    expect(stored.length).toBeGreaterThan(0);
    expect(leaks(stored)).toEqual([]);
  });

  it('the store boundary masks every speaker, once per line', async () => {
    const store = redactingAtRest(new MemoryConversationStore({ keyPrefix: 'x', ttlSeconds: 60, historyLimit: 10 }), (t) => t.replace(/4111 1111 1111 1111/g, '[card]') + (t.endsWith('!') ? '' : '!'));
    const { state } = await store.load('shop:unit');
    const at = new Date().toISOString();
    state.history.push({ from: 'customer', text: 'card 4111 1111 1111 1111', at }, { from: 'bot', text: 'your card 4111 1111 1111 1111?', at }, { from: 'agent', text: 'card 4111 1111 1111 1111', at, name: 'Alex' });
    await store.save(state);
    const loaded = (await store.load('shop:unit')).state;
    expect(loaded.history.map((l) => l.text)).toEqual(['card [card]!', 'your card [card]?!', 'card [card]!']);
    // Lines read back are not redacted again on the next save (a redactor that is not idempotent shows it).
    loaded.history.push({ from: 'bot', text: 'ok', at });
    await store.save(loaded);
    expect((await store.get('shop:unit'))!.history.map((l) => l.text)).toEqual(['card [card]!', 'your card [card]?!', 'card [card]!', 'ok!']);
    // REDACT=off: the store itself.
    const raw = new MemoryConversationStore({ keyPrefix: 'x', ttlSeconds: 60, historyLimit: 10 });
    expect(redactingAtRest(raw, noRedaction)).toBe(raw);
  });
});

describe('REDACT=off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { redact: false } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps the raw text in the history for teams that must', async () => {
    const address = 'shop:raw';
    await h.say(address, FIRST, undefined, NAME);
    const state = await eventually(() => h.core.getState(address), 'state saved');
    expect(state.history.find((l) => l.from === 'customer')).toMatchObject({ text: FIRST, name: NAME });
  });

  it('keeps staff lines raw too', async () => {
    const address = 'shop:raw-staff';
    await staffReplies(h, address);
    const state = await h.core.getState(address);
    expect(state!.history.filter((l) => l.from === 'agent').map((l) => l.text)).toEqual([STAFF_REPLY]);
  });
});

describe('REDACT is one setting', () => {
  it('redacting twice changes nothing', () => {
    const once = redact(`${FIRST} ${WAITING}`);
    expect(redact(once)).toBe(once);
  });

  it('the core, the handoff side and the language model read the same variable', () => {
    expect(readCoreConfig({}).redact).toBe(true);
    expect(readCoreConfig({ REDACT: 'off' }).redact).toBe(false);
    expect(readHandoffConfig({ REDACT: 'off' }).redact).toBe(false);
    expect(readLlmConfig({ OPENAI_API_KEY: 'k', REDACT: 'off' })!.redact).toBe(false);
    expect(readLlmConfig({ OPENAI_API_KEY: 'k', REDACT: 'off', LLM_REDACT: 'on' })!.redact).toBe(true);
    // A wrong value is named once, although two groups read it.
    const reader = new EnvReader({ REDACT: 'maybe' });
    readCoreConfig({ REDACT: 'maybe' }, reader);
    readHandoffConfig({ REDACT: 'maybe' }, reader);
    expect(reader.problems.filter((p) => p.startsWith('REDACT='))).toHaveLength(1);
  });
});

describe('what reaches the language model', () => {
  it('the composer redacts the message, the earlier lines and the summary transcript, even if given raw text', async () => {
    const kb = loadKnowledgeBaseFile('kb/demo-shop.yaml');
    const sent: CompletionRequest[] = [];
    const model: LanguageModel = {
      async complete(request) {
        sent.push(request);
        return { content: request.responseFormat ? JSON.stringify({ supported: false, answer: '', entry_ids: [] }) : 'call me on +33 6 12 34 56 78' };
      },
      async embed() {
        throw new Error('no embeddings');
      },
    };
    const composer = new LlmComposer({ languageModel: model, model: 'fake', maxTokens: 100, knowledgeBase: () => kb, logger: silentLogger });
    const history = [
      { from: 'customer' as const, text: FIRST, at: new Date().toISOString(), name: NAME },
      { from: 'bot' as const, text: 'Let me check.', at: new Date().toISOString() },
    ];
    const signal = new AbortController().signal;
    await composer.compose({ address: 'shop:llm', text: WAITING, candidates: [{ entryId: kb.entries[0].id, score: 0.5 }], history }, signal);
    const summary = await composer.summarize([...history, { from: 'customer', text: WAITING, at: new Date().toISOString() }], signal);
    expect(sent).toHaveLength(2);
    expect(leaks(sent.map((r) => JSON.stringify(r)))).toEqual([]);
    expect(JSON.stringify(sent)).toContain('[IBAN');
    expect(summary).toBe('call me on [phone]'); // the summary is stored with the handoff: redacted too
  });
});
