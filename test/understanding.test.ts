import { join } from 'node:path';
import { Answerer, emptyMemory } from '../core/answerer';
import { detectEscalation } from '../core/escalation';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { expand, phrasings, seededRandom, withTypo } from '../core/understanding/generate';
import { TextClassifier } from '../core/understanding/classifier';
import { clausesOf, IntentModel, trainingSet } from '../core/understanding/intent';

describe('training phrasings', () => {
  test('templates expand every alternative, or a deterministic sample', () => {
    expect(expand('{a|b} $X', { X: ['c', 'd'] }, 10, seededRandom(1)).sort()).toEqual(['a c', 'a d', 'b c', 'b d']);
    expect(expand('{a|b} $X', { X: ['c', 'd'] }, 2, seededRandom(1))).toHaveLength(2);
    expect(expand('{a|b} $X', { X: ['c', 'd'] }, 2, seededRandom(1))).toEqual(expand('{a|b} $X', { X: ['c', 'd'] }, 2, seededRandom(1)));
  });

  test('typos change one word a little', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 20; i++) {
      const typo = withTypo('please connect me to somebody', random);
      expect(typo).not.toBe('');
      expect(Math.abs(typo.length - 'please connect me to somebody'.length)).toBeLessThanOrEqual(1);
    }
  });

  test("adding a template leaves the other templates' phrasings as they were", () => {
    const slots = { WHO: ['an agent', 'a person', 'someone', 'a human', 'staff'] };
    const options = { perTemplate: 6, typoShare: 0.5, seed: 1 };
    const before = phrasings(['{can I|could I|may I} {talk|speak|chat} to $WHO {|please|now}'], slots, options);
    const after = phrasings(['{quiero|necesito} $WHO', '{can I|could I|may I} {talk|speak|chat} to $WHO {|please|now}'], slots, options);
    expect(after.slice(after.length - before.length)).toEqual(before);
  });

  test('every label has phrasings, in several languages', () => {
    const set = trainingSet();
    for (const label of ['person', 'frustration', 'fraud', 'hardship', 'dispute', 'other']) expect(set.filter((e) => e.label === label).length).toBeGreaterThan(200);
  });
});

describe('a request for a person in words no rule lists', () => {
  test.each([
    'is there a human I can talk to?',
    'put me through to your team',
    'connect me to support',
    'I want to complain to a supervisor',
    'can i tlak to an agnet pls',
    'let me talkk to somebody',
    'I need to speak tosomebody',
    'please transfer me to customer assistance',
    'kann ich bitte mit jemandem reden',
    'verbinden Sie mich bitte mit dem Support',
    'pásame con un agente por favor',
    'mettez-moi en relation avec un conseiller',
    'posso falar com um atendente humano?',
    'mi passi un operatore',
    'kan ik iemand spreken van de klantenservice',
    'kan jag få prata med en person',
    'можно с кем-нибудь поговорить?',
  ])('"%s"', (text) => {
    expect(detectEscalation(text)).toMatchObject({ reason: 'asked_for_person' });
  });

  test('the evidence names the words that decided', () => {
    expect(detectEscalation('put me through to your team')?.evidence).toMatch(/^means a person \([01]\.\d\d\): "/);
  });
  test('a request in one clause of a longer message is read on its own, where the whole dilutes it', () => {
    expect(clausesOf('stop sending me articles and get me a person')).toEqual(['stop sending me articles', 'get me a person']);
    expect(clausesOf('我很生气，但是没人回复')).toEqual(['我很生气', '没人回复']);
    expect(clausesOf('hi, can I pay early?')).toEqual([]); // "hi" is no clause: one word
    const model = IntentModel.generic();
    const whole = 'stop sending me articles and get me a person';
    const person = model.classifier.labels.indexOf('person');
    const clause = model.classifier.predict('get me a person').probabilities[person];
    expect(clause).toBeGreaterThanOrEqual(0.95);
    // Whatever the whole reads, the clause alone makes it a request for a person.
    expect(model.classify(whole, ['person'])).toMatchObject({ label: 'person' });
    expect(detectEscalation(whole)).toMatchObject({ reason: 'asked_for_person' });
  });

  test('clauses are read for a person only: a clause of annoyance inside a plain question is not frustration on its own', () => {
    // Plain requests with an annoyed clause. Which of them have a clause at 0.95 frustration while the whole stays
    // under its threshold (and reads partly as a question) moves with the phrasings, so the test takes those that
    // do now (there must be some) and checks that none of them is read as frustration.
    const model = IntentModel.generic();
    const p = (text: string, label: string) => model.classifier.predict(text).probabilities[model.classifier.labels.indexOf(label)];
    const candidates = ['this company is bad, please delete my account', 'unhappy with you, how to delete account', "it's gone! where did my cash deposit go", 'this app is so annoying, how do I change my pin', 'ugh, how do I reset my password'];
    const diluted = candidates.filter((text) => clausesOf(text).some((c) => p(c, 'frustration') >= 0.95) && p(text, 'frustration') < 0.8 && p(text, 'other') > 0.05);
    expect(diluted.length).toBeGreaterThan(0);
    for (const text of diluted) expect([text, model.classify(text, ['frustration'])?.label]).toEqual([text, undefined]);
  });
});

describe('frustration in words no rule lists', () => {
  test.each(['this is bullshit, my card got charged twice', 'you guys are a joke', 'this is so frustrating', 'your bot sucks', 'das ist eine Frechheit', 'dit is belachelijk'])('"%s"', (text) => {
    expect(detectEscalation(text)).toMatchObject({ reason: 'frustration' });
  });

  test('a message that is plainly no ordinary question counts as its likeliest meaning, though under the threshold', () => {
    // Messages of mixed meaning (part frustration, part hardship or a wish for a person) with almost nothing of an
    // ordinary question. Which of them stay under 0.8 (with a third or more for a person or frustration) moves as
    // phrasings are added, so the test takes those that do now (there must be some) and checks that each still
    // reaches a person, for its likeliest meaning.
    const model = IntentModel.generic();
    const labels = model.classifier.labels;
    const mixed = ['i am at my wits end', 'i am beyond annoyed', 'i am desperate', 'i cannot take this anymore', 'i am beyond angry and broke', 'this has ruined my week', 'i am so done and so broke'];
    const under = mixed.filter((text) => {
      const p = model.classifier.predict(text).probabilities;
      const escalating = (['person', 'frustration'] as const).map((label) => p[labels.indexOf(label)]);
      return Math.max(...escalating) < 0.8 && Math.max(...escalating) >= 1 / 3 && p[labels.indexOf('other')] <= 0.05;
    });
    expect(under.length).toBeGreaterThan(0);
    for (const text of under) {
      const p = model.classifier.predict(text).probabilities;
      const likeliest = p[labels.indexOf('person')] > p[labels.indexOf('frustration')] ? 'asked_for_person' : 'frustration';
      expect([text, detectEscalation(text)?.reason]).toEqual([text, likeliest]);
    }
  });
});

describe('the classifier ignores features training never saw', () => {
  test('a text made only of unseen features gets the classes\' prior, whatever hashes it has', () => {
    const model = TextClassifier.train([
      ...Array.from({ length: 20 }, (_, i) => ({ text: `talk to a person ${i}`, label: 'person' })),
      ...Array.from({ length: 20 }, (_, i) => ({ text: `where is my parcel ${i}`, label: 'other' })),
    ]);
    const prior = model.predict('').probabilities;
    for (const unseen of ['xqzj vwkp', 'ЖЖЖЖ ЩЩЩЩ', 'qqqq wwww eeee']) expect(Array.from(model.predict(unseen).probabilities)).toEqual(Array.from(prior));
    expect(model.predict('talk to a person').label).toBe('person');
  });

  test('fine-tuning learns the new features of its extra phrasings and leaves the original model unchanged', () => {
    const base = TextClassifier.train([
      ...Array.from({ length: 20 }, (_, i) => ({ text: `talk to a person ${i}`, label: 'person' })),
      ...Array.from({ length: 20 }, (_, i) => ({ text: `where is my parcel ${i}`, label: 'other' })),
    ]);
    const before = Array.from(base.predict('zorblax fee').probabilities);
    const tuned = base.fineTuned(Array.from({ length: 10 }, () => ({ text: 'zorblax fee', label: 'other' })), []);
    expect(tuned.predict('zorblax fee').label).toBe('other');
    expect(Array.from(base.predict('zorblax fee').probabilities)).toEqual(before);
  });
});

describe('ordinary questions stay questions', () => {
  test.each([
    'how do I contact the seller',
    'can my partner use my card',
    'what are your support hours',
    'where is my refund',
    'my card got charged twice',
    'how long does delivery take?',
    'hola',
    'bonjour',
    'can someone else pay for my order',
  ])('"%s"', (text) => {
    expect(detectEscalation(text)).toBeUndefined();
  });
});

describe('sensitive topics by meaning, as the knowledge base marks them', () => {
  const kb = loadKnowledgeBaseFile(join(__dirname, '..', 'kb', 'demo-shop.yaml'));
  const answerer = new Answerer(kb);

  test.each([
    ["there's a charge from a store I have never heard of", 'fraud-unrecognised'],
    ["I can't make this month's payment, I lost my income", 'financial-difficulty'],
    ['the merchant says no refund even though I sent it back', 'refund-dispute'],
  ])('"%s" goes to a person as %s', (text, entry) => {
    const { decision } = answerer.decide({ text }, emptyMemory());
    expect(decision).toMatchObject({ kind: 'handoff', reason: 'sensitive_topic' });
    expect(decision.kind === 'handoff' && decision.detail).toContain(`"${entry}"`);
  });

  test.each([
    'how long does a refund take',
    'when is my next payment',
    'how do I return an item',
    'why was I charged a late fee',
    // "I need help with …" asks the bot for help: not hardship, not a person.
    'I need help with my order',
    'I need help with a payment',
    'necesito ayuda con mi pedido',
    'как отследить мой заказ?',
  ])('"%s" is answered or clarified, not handed off', (text) => {
    expect(answerer.decide({ text }, emptyMemory()).decision.kind).not.toBe('handoff');
  });

  test('fraud, disputes and hardship read together: a message split between them still goes to a person, as its likeliest kind', () => {
    // Which messages split (no one kind at its threshold, together 0.8 or more) moves as phrasings are added, so
    // the test takes those that do now (there must be some) and checks that each reaches a person as that kind.
    const labels = answerer.intents.classifier.labels;
    const kinds = ['fraud', 'dispute', 'hardship'] as const;
    const candidates = [
      'I bought something and it was a scam', 'I was tricked into paying for an order', 'the merchant took money I did not agree to',
      'I cannot pay because the shop never refunded me', 'the shop charged me for something I never ordered', 'I lost my job and the shop still charges me',
      'I got scammed by a seller', 'a website took my money for a fake order', 'the seller billed me and I cannot afford it',
    ];
    const readings = candidates.map((text) => {
      const p = answerer.intents.classifier.predict(text).probabilities;
      const byKind = kinds.map((kind) => p[labels.indexOf(kind)]);
      return { text, byKind, split: Math.max(...byKind) < 0.75 && byKind.reduce((a, b) => a + b, 0) >= 0.8 };
    });
    const split = readings.filter((r) => r.split);
    expect(split.length).toBeGreaterThan(0);
    for (const { text, byKind } of split) {
      const likeliest = kinds[byKind.indexOf(Math.max(...byKind))];
      const { decision } = answerer.decide({ text }, emptyMemory());
      expect([text, decision.kind, decision.kind === 'handoff' && decision.detail.startsWith(`reads as ${likeliest}`)]).toEqual([text, 'handoff', true]);
    }
  });

  test('a knowledge base without sensitive entries never hands off a topic by meaning', () => {
    const model = IntentModel.forKnowledgeBase(kb.entries.filter((e) => !e.handoff));
    expect(model.sensitiveTopic("there's a charge from a store I have never heard of")).toBeUndefined();
  });
});
