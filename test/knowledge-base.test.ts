import { mkdtempSync, writeFileSync } from 'node:fs';
import { EVAL_DIR, testWithEvalData } from './helpers/eval-data';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerIn, KnowledgeBaseError, loadKnowledgeBaseFile, parseKnowledgeBase } from '../core/knowledge-base';


function problemsOf(text: string, source = 'kb.yaml') {
  try {
    parseKnowledgeBase(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeBaseError);
    return err as KnowledgeBaseError;
  }
  throw new Error('expected the knowledge base to be rejected');
}

describe('loading a knowledge base', () => {
  test('the demo knowledge base loads, with 25+ entries and sensitive topics marked', () => {
    const kb = loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml'));
    expect(kb.entries.length).toBeGreaterThanOrEqual(25);
    expect(kb.entries.filter((e) => e.handoff).map((e) => e.id)).toEqual(
      expect.arrayContaining(['dispute-order', 'fraud-unrecognised']),
    );
  });

  test('YAML with an entries: list, optional handoff and per-language answers', () => {
    const kb = parseKnowledgeBase(
      `entries:
  - id: fees
    question: Are there fees?
    examples: [is it free, what does it cost]
    answer: No fees.
    answers: { es: Sin comisiones., pt-BR: Sem taxas. }
  - id: fraud
    question: Fraud
    answer: A person will help.
    handoff: true
`,
      'kb.yaml',
    );
    expect(kb.entries.map((e) => e.id)).toEqual(['fees', 'fraud']);
    expect(kb.byId.get('fraud')!.handoff).toBe(true);
    expect(kb.byId.get('fraud')!.examples).toEqual([]);
    expect(answerIn(kb.byId.get('fees')!, 'es-MX')).toBe('Sin comisiones.');
    expect(answerIn(kb.byId.get('fees')!, 'pt-BR')).toBe('Sem taxas.');
    expect(answerIn(kb.byId.get('fees')!, 'de')).toBe('No fees.');
  });

  test('the JSON array format of the evaluation files loads', () => {
    const kb = parseKnowledgeBase(JSON.stringify([{ id: 'a', question: 'Q?', examples: ['q'], answer: 'A.' }]), 'faq.json');
    expect(kb.entries[0]).toMatchObject({ id: 'a', handoff: false });
  });

  testWithEvalData('eval knowledge base')('the shared evaluation knowledge base loads', () => {
    expect(loadKnowledgeBaseFile(join(EVAL_DIR!, 'banking77-faq-10.json')).entries).toHaveLength(77);
  });

  test('the content version changes when the content does', () => {
    const a = parseKnowledgeBase('[{"id":"a","question":"Q","answer":"A"}]', 'a.json');
    const b = parseKnowledgeBase('[{"id":"a","question":"Q","answer":"B"}]', 'a.json');
    expect(a.version).not.toBe(b.version);
  });
});

describe('an invalid knowledge base fails at start, naming the file, the entry and the field', () => {
  test('a missing answer', () => {
    const error = problemsOf('- id: refunds\n  question: Where is my refund?\n');
    expect(error.message).toContain('kb.yaml');
    expect(error.problems).toContainEqual({ entry: '#1 "refunds"', field: 'answer', message: 'must be a non-empty string' });
  });

  test('every problem at once: duplicate id, wrong types, unknown field', () => {
    const error = problemsOf(`
- id: a
  question: Q
  answer: A
- id: a
  question: Q2
  answer: A2
  handoff: "yes"
  examples: not-a-list
  answr: typo
`);
    const fields = error.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['id', 'handoff', 'examples', 'answr']));
    expect(error.problems.every((p) => p.entry === '#2 "a"')).toBe(true);
  });

  test('a bad language code in answers', () => {
    expect(problemsOf('- {id: a, question: Q, answer: A, answers: {Spanish: Hola}}').problems[0]).toMatchObject({ field: 'answers.Spanish' });
  });

  test('not YAML at all', () => {
    expect(problemsOf('entries: [unclosed').message).toMatch(/not valid YAML/);
  });

  test('not JSON at all, for a .json file', () => {
    expect(problemsOf('{', 'faq.json').message).toMatch(/faq\.json.*not valid JSON/s);
  });

  test('an empty knowledge base', () => {
    expect(problemsOf('entries: []').message).toMatch(/no entries/);
  });

  test('a missing file names the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    expect(() => loadKnowledgeBaseFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml.*ENOENT/s);
    writeFileSync(join(dir, 'ok.yaml'), '- {id: a, question: Q, answer: A}');
    expect(loadKnowledgeBaseFile(join(dir, 'ok.yaml')).entries).toHaveLength(1);
  });
});
