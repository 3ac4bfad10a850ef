/** The core's rules for a composer's (language model's) answers, independent of any model. */
import { join } from 'node:path';
import { Answerer, emptyMemory, type Decision } from '../core/answerer';
import { composeDecision, type ComposerSettings } from '../core/composition';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import type { AnswerComposer, ComposedAnswer } from '../core/types';

const kb = loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml'));
const answerer = new Answerer(kb);
const offline = answerer.decide({ text: 'how much is the late fee?' }, emptyMemory()).decision;
const context = { address: 'test:1', text: 'how much is the late fee?', history: [], callsSoFar: 0 };

function settings(reply: ComposedAnswer | undefined | (() => Promise<never>), extra: Partial<ComposerSettings> = {}): ComposerSettings {
  const composer: AnswerComposer = { compose: async () => (typeof reply === 'function' ? reply() : reply) };
  return { composer, timeoutMs: 200, maxCallsPerConversation: 5, ...extra };
}

async function run(reply: Parameters<typeof settings>[0], extra: Partial<ComposerSettings> = {}, callsSoFar = 0): Promise<{ decision: Decision; called: boolean }> {
  return composeDecision(offline, { ...context, callsSoFar }, settings(reply, extra), kb, silentLogger);
}

test('the offline decision is an answer to start from', () => {
  expect(offline).toMatchObject({ kind: 'answer', entryId: 'late-fee' });
});

test('a grounded answer replaces the offline text, with a person still one tap away', async () => {
  const { decision } = await run({ kind: 'answer', text: 'It is €5 after 10 days.', entryIds: ['late-fee'], shownEntryIds: ['late-fee'] });
  expect(decision).toMatchObject({ kind: 'answer', entryId: 'late-fee', reply: { text: 'It is €5 after 10 days.' } });
  expect(decision.kind === 'answer' && decision.reply.choices?.at(-1)?.id).toBe('person');
});

test('an entry retrieved by the composer itself (not by the word matcher) may ground the answer', async () => {
  const { decision } = await run({ kind: 'answer', text: 'Returns go through the shop.', entryIds: ['return-item'], shownEntryIds: ['return-item', 'late-fee'] });
  expect(decision).toMatchObject({ kind: 'answer', entryId: 'return-item' });
});

test('an answer citing entries nobody retrieved is rejected: the offline answer stands', async () => {
  const { decision } = await run({ kind: 'answer', text: 'Made up.', entryIds: ['return-item'], shownEntryIds: [] });
  expect(decision).toBe(offline);
});

test('"not supported by the entries" offers a person instead', async () => {
  const { decision } = await run({ kind: 'unsupported', why: 'no entry covers it' });
  expect(decision).toMatchObject({ kind: 'clarify', entryIds: [], outOfScope: true });
  expect(decision.kind === 'clarify' && decision.reply.choices?.map((c) => c.id)).toEqual(['person']);
});

test('an answer resting on a sensitive entry goes to a person', async () => {
  const { decision } = await run({ kind: 'answer', text: 'About fraud…', entryIds: ['fraud-unrecognised'], shownEntryIds: ['fraud-unrecognised'] });
  expect(decision).toMatchObject({ kind: 'handoff', reason: 'sensitive_topic' });
});

test('a composer that times out or fails leaves the offline decision, never a waiting customer', async () => {
  const slow = await run(() => new Promise<never>(() => undefined), { timeoutMs: 50 });
  expect(slow).toEqual({ decision: offline, called: true });
  const failing = await run(() => Promise.reject(new Error('500')));
  expect(failing.decision).toBe(offline);
});

test('the per-conversation cap stops calls', async () => {
  expect(await run({ kind: 'unsupported', why: 'x' }, { maxCallsPerConversation: 2 }, 2)).toEqual({ decision: offline, called: false });
});

test('handoffs and small talk decided offline are never second-guessed', async () => {
  const handoff = answerer.decide({ text: 'I want a human' }, emptyMemory()).decision;
  const result = await composeDecision(handoff, context, settings({ kind: 'unsupported', why: 'x' }), kb, silentLogger);
  expect(result).toEqual({ decision: handoff, called: false });
});
