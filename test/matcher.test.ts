import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBaseFile, type KnowledgeEntry } from '../core/knowledge-base';
import { Matcher } from '../core/matcher';
import { correctionRow, trainCorrection } from '../core/understanding/correction';
import { buildIndex } from '../core/understanding/linear';
import { EVAL_DIR, testWithEvalData } from './helpers/eval-data';

const entry = (id: string, question: string, examples: string[]): KnowledgeEntry => ({ id, question, examples, answer: `answer ${id}`, handoff: false, answers: {} });

const KB: KnowledgeEntry[] = [
  entry('refund', 'How do I get a refund?', [
    'I want my money back',
    'Can I get a refund for my order?',
    'How long does a refund take?',
    'I returned the item, when will I be refunded?',
    'Please refund my purchase',
    'Where is my refund?',
  ]),
  entry('delivery', 'When will my order be delivered?', [
    'Where is my package?',
    'My order has not arrived yet',
    'How long does delivery take?',
    'Can I track my parcel?',
    'The delivery is late',
    'When does my order ship?',
  ]),
  entry('card-activation', 'How do I activate my card?', [
    'I received my new card, how do I start using it?',
    'Activate my debit card',
    'My card is not activated yet',
    'How can I turn on my card?',
    'Card activation is not working',
    'What do I need to activate the card?',
  ]),
  entry('fees', 'What fees do you charge?', [
    'Is there a monthly fee?',
    'Why was I charged a fee?',
    'How much does a transfer cost?',
    'Are there any hidden charges?',
    'What are the fees for withdrawing cash?',
    'Do you charge for foreign payments?',
  ]),
  entry('password-reset', 'How do I reset my password?', [
    'I forgot my password',
    'Cannot log in, I lost my password',
    'Change my password please',
    'How do I recover my login?',
    'My password does not work',
    'Send me a password reset link',
  ]),
];

describe('Matcher on a small hand-written knowledge base', () => {
  const matcher = Matcher.train(KB);

  test('a paraphrase matches the right entry confidently', () => {
    const result = matcher.match('I forgot my password and cannot log in, how do I reset it?');
    expect(result.candidates[0].entryId).toBe('password-reset');
    expect(result.inScope).toBe(true);
    expect(result.confident).toBe(true);
  });

  test('an ambiguous question is not confident but offers the right entries', () => {
    const result = matcher.match('how long does it take');
    expect(result.confident).toBe(false);
    const offered = result.candidates.slice(0, 3).map((c) => c.entryId);
    expect(offered).toEqual(expect.arrayContaining(['refund', 'delivery']));
  });

  test('an off-topic question is out of scope and not confident', () => {
    const result = matcher.match("what's the weather in Paris");
    expect(result.inScope).toBe(false);
    expect(result.confident).toBe(false);
  });

  test('candidates are at most 5, sorted best first, with scores and confidence in 0..1', () => {
    for (const text of ['refund', 'card', 'hello there', '', 'fees for my card delivery refund password']) {
      const result = matcher.match(text);
      expect(result.candidates.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < result.candidates.length; i++) expect(result.candidates[i - 1].score).toBeGreaterThanOrEqual(result.candidates[i].score);
      for (const c of result.candidates) expect(c.score).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    }
  });

  test('entries without examples still match on their question', () => {
    const bare = Matcher.train([entry('hours', 'What are your opening hours?', []), entry('address', 'Where is your office located?', [])]);
    expect(bare.match('opening hours').candidates[0].entryId).toBe('hours');
  });
});

describe('One-word messages', () => {
  // Calibration sees one word of each held-out example alone, so it learns how often a lone word picks the
  // right entry in this KB: in the demo shop "payment" or "delivery" name a topic several entries share.
  const demo = Matcher.train(loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml')).entries);

  test('a topic word several entries share is offered as choices, not answered', () => {
    for (const text of ['payment', 'instalment', 'delivery', 'order', 'refund']) expect(demo.match(text).confident).toBe(false);
  });

  test('the same words in a question are still answered', () => {
    expect(demo.match('where is my refund?')).toMatchObject({ confident: true, candidates: [{ entryId: 'refund-status' }, ...Array(4).fill(expect.anything())] });
    expect(demo.match('cancel my order').confident).toBe(true);
  });
});

describe('The learned correction', () => {
  test('moves weight to the words that tell an entry from the one it is confused with', () => {
    // Two entries share feature 0; feature 1 belongs to entry 0, feature 2 to entry 1 (both in both centroids).
    const index = buildIndex(3, [
      { ids: Int32Array.from([0, 1, 2]), values: Float32Array.from([0.8, 0.5, 0.3]) },
      { ids: Int32Array.from([0, 1, 2]), values: Float32Array.from([0.8, 0.3, 0.5]) },
    ]);
    // A phrasing of entry 1 that the plain scores rank under entry 0.
    const v = { ids: Int32Array.from([0, 2]), values: Float32Array.from([0.9, 0.4]) };
    const row = correctionRow(index, v, [0, 1], [0.6, 0.55], 1);
    const w = trainCorrection([row], index.weights.length, { epochs: 50, rate: 0.01, l2: 0.001, temperature: 0.1 });
    const score = (entry: number) => [0.6, 0.55][entry] + v.ids.reduce((sum, id, j) => {
      const k = index.postings[id].entries.indexOf(entry);
      return sum + w[index.offsets[id] + k] * v.values[j];
    }, 0);
    expect(score(1)).toBeGreaterThan(score(0));
  });
});

const kbFile = join(EVAL_DIR ?? '', 'banking77-faq-10.json');
const casesFile = join(EVAL_DIR ?? '', 'banking77-cases.jsonl');

describe('Matcher on the BANKING77 evaluation set', () => {
  testWithEvalData('matcher eval')('meets the answer-quality targets', () => {
    const kb: KnowledgeEntry[] = JSON.parse(readFileSync(kbFile, 'utf8')).map((e: KnowledgeEntry) => entry(e.id, e.question, e.examples ?? []));
    const cases: { text: string; expect: string }[] = readFileSync(casesFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const matcher = Matcher.train(kb);
    let faq = 0, right = 0, wrong = 0, offered = 0, none = 0, noneConfident = 0;
    for (const c of cases) {
      if (c.expect === 'human') continue; // the escalation module handles these
      const result = matcher.match(c.text);
      if (c.expect === 'none') {
        none++;
        if (result.confident) noneConfident++;
        continue;
      }
      faq++;
      const ids = result.candidates.map((x) => x.entryId);
      if (result.confident) {
        if (ids[0] === c.expect) right++;
        else wrong++;
      }
      if (result.confident ? ids[0] === c.expect : ids.slice(0, 3).includes(c.expect)) offered++;
    }
    const figures = { answeredRight: right / faq, answeredWrong: wrong / faq, rightOffered: offered / faq, noneConfident: noneConfident / none };
    console.log('matcher eval', JSON.stringify(figures));
    expect(figures.answeredRight).toBeGreaterThanOrEqual(0.53);
    expect(figures.answeredWrong).toBeLessThanOrEqual(0.05);
    expect(figures.rightOffered).toBeGreaterThanOrEqual(0.89);
    expect(figures.noneConfident).toBeLessThanOrEqual(0.1);
  });
});
