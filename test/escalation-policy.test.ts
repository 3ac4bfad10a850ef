/** The escalation policy's memory rules through the answerer: every reason it names is one the bot produces. */
import { emptyMemory } from '../core/answerer';
import { CHOICE_PERSON } from '../core/replies';
import { demoAnswerer } from './kit/core-builder';

describe('escalation policy', () => {
  const answerer = demoAnswerer();

  test('a message the bot cannot read is answered once; a second in a row goes to a person (cannot_read_message)', () => {
    const first = answerer.decide({ text: '', isText: false }, emptyMemory());
    expect(first.decision).toMatchObject({ kind: 'prompt', why: 'not_text' });
    if (first.decision.kind === 'prompt') expect(first.decision.reply.choices?.map((c) => c.id)).toEqual([CHOICE_PERSON]);

    const second = answerer.decide({ text: '', isText: false }, first.memory);
    expect(second.decision).toMatchObject({ kind: 'handoff', reason: 'cannot_read_message' });
  });

  test('a readable question after one unreadable message is answered normally', () => {
    const first = answerer.decide({ text: '', isText: false }, emptyMemory());
    const next = answerer.decide({ text: 'where is my refund?' }, first.memory);
    expect(next.decision.kind).toBe('answer');
  });

  test('a sensitive entry picked from the choices goes to a person by the same rule as when it is matched', () => {
    const sensitive = answerer.kb.entries.find((entry) => entry.handoff)!;
    const picked = answerer.decide({ text: sensitive.question, choiceId: `kb:${sensitive.id}` }, emptyMemory());
    expect(picked.decision).toMatchObject({ kind: 'handoff', reason: 'sensitive_topic', detail: `picked sensitive entry "${sensitive.id}"` });
  });
});
