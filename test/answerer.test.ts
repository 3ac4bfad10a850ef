import { join } from 'node:path';
import { Answerer, emptyMemory, type ConversationMemory, type Decision } from '../core/answerer';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { CHOICE_PERSON } from '../core/replies';

const kb = loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml'));
const answerer = new Answerer(kb);

/** Play turns through one conversation and return every decision. */
function converse(...turns: (string | { choiceId: string; text?: string })[]): Decision[] {
  let memory: ConversationMemory = emptyMemory();
  return turns.map((turn) => {
    const result = answerer.decide(typeof turn === 'string' ? { text: turn } : { text: turn.text ?? '', choiceId: turn.choiceId }, memory);
    memory = result.memory;
    return result.decision;
  });
}

describe('answering from the knowledge base', () => {
  test('a common question is answered at once with its entry', () => {
    const [decision] = converse('where is my refund?');
    expect(decision).toMatchObject({ kind: 'answer', entryId: 'refund-status' });
    expect(decision.kind === 'answer' && decision.reply.text).toContain('5–10 working days');
  });

  test('an answer offers related topics and a person as buttons, so a miss is never a dead end', () => {
    const [decision] = converse('where is my refund?');
    if (decision.kind !== 'answer') throw new Error('expected an answer');
    const choices = decision.reply.choices!;
    expect(decision.relatedIds.length).toBeGreaterThan(0);
    expect(decision.relatedIds).not.toContain('refund-status');
    expect(choices.map((c) => c.id)).toEqual([...decision.relatedIds.map((id) => `kb:${id}`), CHOICE_PERSON]);
  });

  test('the answer comes in the customer\'s language when the admin wrote one', () => {
    const { decision } = answerer.decide({ text: 'how does pay in 4 work', locale: 'es-ES' }, emptyMemory());
    expect(decision).toMatchObject({ kind: 'answer', entryId: 'how-pay-later-works' });
    expect(decision.kind === 'answer' && decision.reply.text).toMatch(/^En el pago/);
  });

  test('an unclear question offers at most 4 likely entries plus "Talk to a person"', () => {
    const [decision] = converse('payment');
    expect(decision.kind).toBe('clarify');
    if (decision.kind !== 'clarify') return;
    expect(decision.entryIds.length).toBeLessThanOrEqual(4);
    const choices = decision.reply.choices!;
    expect(choices[choices.length - 1]).toEqual({ id: CHOICE_PERSON, label: 'Talk to a person' });
  });

  test('picking an offered entry answers it', () => {
    const [, picked] = converse('payment', { choiceId: 'kb:payment-failed' });
    expect(picked).toMatchObject({ kind: 'answer', entryId: 'payment-failed' });
  });

  test('an off-topic question is never answered as if it were an FAQ', () => {
    const [decision] = converse('what is the capital of Mongolia');
    expect(decision.kind).not.toBe('answer');
  });
});

describe('escalation rules, each with its reason', () => {
  test('asked_for_person: an explicit request', () => {
    expect(converse('can I talk to a real person')[0]).toMatchObject({ kind: 'handoff', reason: 'asked_for_person' });
  });

  test('picked_talk_to_person: the "Talk to a person" choice', () => {
    expect(converse({ choiceId: CHOICE_PERSON, text: 'Talk to a person' })[0]).toMatchObject({ kind: 'handoff', reason: 'picked_talk_to_person' });
  });

  test('frustration: shouting', () => {
    expect(converse('WHY IS NOBODY ANSWERING MY QUESTION')[0]).toMatchObject({ kind: 'handoff', reason: 'frustration' });
  });

  test('sensitive_topic: an entry marked handoff: true goes to a person, never answered', () => {
    expect(converse('there is a purchase on my account that I did not make')[0]).toMatchObject({ kind: 'handoff', reason: 'sensitive_topic' });
  });

  test('sensitive_topic: picking a sensitive entry from the choices also goes to a person', () => {
    expect(converse({ choiceId: 'kb:dispute-order' })[0]).toMatchObject({ kind: 'handoff', reason: 'sensitive_topic' });
  });

  test('repeated_question: the same question again after an answer is a loop caught, not a second recital', () => {
    const [first, again] = converse('where is my refund?', 'where is my refund?');
    expect(first.kind).toBe('answer');
    expect(again).toMatchObject({ kind: 'handoff', reason: 'repeated_question' });
  });

  test('repeated_question: the same question in other words after an answer', () => {
    const [first, again] = converse('where is my refund?', "I still haven't got my refund, where is it");
    expect(first.kind).toBe('answer');
    expect(again).toMatchObject({ kind: 'handoff', reason: 'repeated_question' });
  });

  test('repeated_question counts as a loop caught in the memory', () => {
    let memory = emptyMemory();
    memory = answerer.decide({ text: 'where is my refund?' }, memory).memory;
    memory = answerer.decide({ text: 'where is my refund?' }, memory).memory;
    expect(memory.loopsCaught).toBe(1);
  });

  test('low_confidence: two unsure turns in a row go to a person, never the same non-answer twice', () => {
    const [first, second] = converse('what is the capital of Mongolia', 'and the population of Peru');
    expect(first.kind).toBe('clarify');
    expect(second).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
  });

  test('an answer in between resets the unsure streak', () => {
    const decisions = converse('what is the capital of Mongolia', 'how much is the late fee', 'and the population of Peru');
    expect(decisions.map((d) => d.kind)).toEqual(['clarify', 'answer', 'clarify']);
  });
});

describe('small talk', () => {
  test.each(['hi', 'Hello there!', 'good morning', 'hola', 'bonjour'])('greeting "%s" gets a short friendly reply', (text) => {
    expect(converse(text)[0]).toMatchObject({ kind: 'small_talk', smallTalk: 'greeting' });
  });

  test.each(['thanks!', 'thank you so much', 'ok thanks', 'gracias', 'danke'])('thanks "%s" gets a friendly reply', (text) => {
    expect(converse(text)[0]).toMatchObject({ kind: 'small_talk', smallTalk: 'thanks' });
  });

  test('a greeting with a question answers the question', () => {
    expect(converse('hi, where is my refund?')[0]).toMatchObject({ kind: 'answer', entryId: 'refund-status' });
  });

  test('thanks after an answer is neither a handoff nor a loop', () => {
    const [, thanks] = converse('where is my refund?', 'thanks');
    expect(thanks).toMatchObject({ kind: 'small_talk' });
  });
});

describe('messages the bot cannot read', () => {
  test('a photo or sticker gets "I can only read text" with a person offered', () => {
    const { decision } = answerer.decide({ text: '', isText: false }, emptyMemory());
    expect(decision).toMatchObject({ kind: 'prompt', why: 'not_text' });
    expect(decision.kind === 'prompt' && decision.reply.choices).toEqual([{ id: CHOICE_PERSON, label: 'Talk to a person' }]);
  });

  test('an empty message asks for the question and offers a person', () => {
    expect(converse('   ')[0]).toMatchObject({ kind: 'prompt', why: 'empty' });
  });
});

describe('long messages', () => {
  const story = 'I have been a customer for years and I usually buy clothes and shoes online for my family. '.repeat(55);

  test('a 5,000-character message whose question is at the end is answered from its last sentences', () => {
    const text = `${story}Anyway, my question is simple. How much is the late fee?`;
    expect(text.length).toBeGreaterThan(5000);
    expect(converse(text)[0]).toMatchObject({ kind: 'answer', entryId: 'late-fee' });
  });

  test('a request for a person at the end of a long message is heard', () => {
    expect(converse(`${story}Long story short: I need to speak tosomebody from your team.`)[0]).toMatchObject({ kind: 'handoff', reason: 'asked_for_person' });
  });

  test('a long message with its question first still matches it', () => {
    expect(converse(`How much is the late fee? ${story}`)[0]).toMatchObject({ kind: 'answer', entryId: 'late-fee' });
  });
});
