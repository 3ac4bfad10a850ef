import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { Matcher } from '../core/matcher';
import { SpellingIndex } from '../core/understanding/spelling';
import { join } from 'node:path';

const counts = (words: Record<string, number>) => new Map(Object.entries(words));

describe('Typo repair against the KB words', () => {
  const index = new SpellingIndex(counts({ received: 5, transfer: 9, account: 7, address: 3, addresses: 1, card: 20, statement: 2, payment: 8, 'top-up': 2, pin2fa: 1 }));

  test('one edit away: a letter dropped, added, changed, or two neighbours swapped', () => {
    expect(index.correct('recieved')).toBe('received'); // swap
    expect(index.correct('tranfer')).toBe('transfer'); // dropped
    expect(index.correct('accountt')).toBe('account'); // added
    expect(index.correct('paymant')).toBe('payment'); // changed
    expect(index.correct('sattement')).toBe('statement'); // swap near the start
  });

  test('known words, short words, numbers and words two edits away are left alone', () => {
    expect(index.correct('transfer')).toBeUndefined();
    expect(index.correct('cart')).toBeUndefined(); // four letters: too many words are one edit from it
    expect(index.correct('12345')).toBeUndefined();
    expect(index.correct('trnsfr')).toBeUndefined(); // two edits
    expect(index.correct('weather')).toBeUndefined();
  });

  test('when two KB words are one edit away, the one the KB uses more wins', () => {
    const tie = new SpellingIndex(counts({ stock: 1, stack: 6 }));
    expect(tie.correct('stcks')).toBeUndefined(); // "stck s": two edits from both
    expect(new SpellingIndex(counts({ lender: 1, sender: 4 })).correct('xender')).toBe('sender');
    expect(new SpellingIndex(counts({ lender: 4, sender: 1 })).correct('xender')).toBe('lender');
  });
});

describe('The matcher reads a typo as the KB word it misspells', () => {
  const demo = Matcher.train(loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml')).entries);

  test('and its explanation shows the repaired words that weighed, and the nearest phrasing', () => {
    const why = demo.explain('how do I chnage my delivery adress', 'change-address');
    expect(why.words).toContain('change');
    // "adress" is left as it is: the French examples' "adresse" gives the KB that stem, so it is no typo to repair.
    expect(why.words.some((w) => w === 'address' || w === 'adress')).toBe(true);
    expect(why.words.length).toBeLessThanOrEqual(4);
    expect(why.example).toMatch(/change/i);
    expect(why.similarity).toBeGreaterThan(0.5);
    expect(demo.explain('how do I chnage my delivery adress', 'no-such-entry')).toEqual({ words: [], example: undefined, similarity: 0 });
  });

  test.each([
    ['how do I chnage my delivery adress', 'how do I change my delivery address'],
    ['my paymnet faild, what now', 'my payment failed, what now'],
    ['I want to pay off my balnce erly, all the instalmnets', 'I want to pay off my balance early, all the instalments'],
  ])('"%s" is matched like "%s", as confidently and in scope', (typo, clean) => {
    const a = demo.match(typo);
    const b = demo.match(clean);
    expect(a.candidates[0].entryId).toBe(b.candidates[0].entryId);
    expect(a.inScope).toBe(true);
    expect(a.confident).toBe(b.confident);
    expect(Math.abs(a.confidence - b.confidence)).toBeLessThan(0.15);
  });
});
