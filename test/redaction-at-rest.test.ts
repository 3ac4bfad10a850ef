/**
 * Redaction at rest (issue 14 #2): a PII-laden conversation through the real core, Redis store, handoff (BullMQ)
 * and the Slack staff side against FakeSlack. Every key under the test prefix (by type) and every Slack call
 * payload is scanned: no raw card, e-mail, phone or IBAN anywhere. With REDACT=off the history keeps them.
 */
import type Redis from 'ioredis';
import { CHOICE_PERSON } from '../core/replies';
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
};
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
