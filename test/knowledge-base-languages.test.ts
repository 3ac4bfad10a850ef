/**
 * Knowledge-base entries in several languages: `translations: { es: { question, examples, answer } }` next to
 * the older `answers: { es: ... }`, validated with the entry and field named, and the helpers the core uses to
 * match and answer in the customer's language, or to offer a person when the KB lacks that language.
 */
import {
  allExamples, answerIn, coversLanguage, entryLanguages, examplesIn, KnowledgeBaseError, kbLanguages, languageCoverage,
  mainLanguage, parseKnowledgeBase, questionIn,
} from '../core/knowledge-base';

const KB = `
entries:
  - id: refund-status
    question: Where is my refund?
    examples: [where is my refund, my refund hasn't arrived]
    answer: Refunds take 5-10 working days.
    translations:
      es:
        question: ¿Dónde está mi reembolso?
        examples: [dónde está mi reembolso, no me ha llegado el reembolso]
        answer: Los reembolsos tardan de 5 a 10 días hábiles.
      de:
        question: Wo ist meine Rückerstattung?
        examples: [wo ist meine Rückerstattung]
        answer: Rückerstattungen dauern 5 bis 10 Werktage.
  - id: fees
    question: Are there fees?
    examples: [is it free]
    answer: No fees.
    answers: { es: Sin comisiones. }
    translations:
      de: { question: Gibt es Gebühren?, answer: Keine Gebühren. }
      pt-BR: { examples: [tem taxa] }
`;

function problemsOf(text: string) {
  try {
    parseKnowledgeBase(text, 'kb.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeBaseError);
    return (err as KnowledgeBaseError).problems;
  }
  throw new Error('expected the knowledge base to be rejected');
}

describe('per-language entries', () => {
  const kb = parseKnowledgeBase(KB, 'kb.yaml');
  const refund = kb.byId.get('refund-status')!;
  const fees = kb.byId.get('fees')!;

  it('shows the question and answer in the customer’s language, else the main one', () => {
    expect(questionIn(refund, 'es-MX')).toBe('¿Dónde está mi reembolso?');
    expect(questionIn(refund, 'de')).toBe('Wo ist meine Rückerstattung?');
    expect(questionIn(refund, 'fr')).toBe('Where is my refund?');
    expect(questionIn(refund, undefined)).toBe('Where is my refund?');
    expect(answerIn(refund, 'es')).toBe('Los reembolsos tardan de 5 a 10 días hábiles.');
    expect(answerIn(refund, 'de-AT')).toBe('Rückerstattungen dauern 5 bis 10 Werktage.');
    expect(answerIn(refund, 'fr')).toBe('Refunds take 5-10 working days.');
  });

  it('keeps the older answers: form working beside translations:', () => {
    expect(answerIn(fees, 'es')).toBe('Sin comisiones.');
    expect(answerIn(fees, 'de')).toBe('Keine Gebühren.');
    expect(questionIn(fees, 'es')).toBe('Are there fees?');
    expect(fees.answers).toEqual({ es: 'Sin comisiones.', de: 'Keine Gebühren.' });
  });

  it('matches on the examples of the customer’s language', () => {
    expect(examplesIn(refund, 'es')).toEqual(['dónde está mi reembolso', 'no me ha llegado el reembolso']);
    expect(examplesIn(refund, 'en-GB')).toEqual(['where is my refund', "my refund hasn't arrived"]);
    expect(examplesIn(refund, undefined)).toEqual(refund.examples);
    expect(examplesIn(refund, 'fr')).toEqual([]);
    expect(examplesIn(fees, 'pt-BR')).toEqual(['tem taxa']);
    expect(examplesIn(fees, 'pt')).toEqual([]); // pt-br is not all of Portuguese
    expect(allExamples(refund)).toHaveLength(5);
  });

  it('knows which languages each entry and the whole KB can answer in', () => {
    expect([...entryLanguages(refund)].sort()).toEqual(['de', 'en', 'es']);
    expect([...entryLanguages(fees)].sort()).toEqual(['de', 'en', 'es']); // pt-BR has examples but no answer
    expect(mainLanguage(kb)).toBe('en');
    expect(kbLanguages(kb)).toEqual(['de', 'en', 'es']);
    expect(coversLanguage(kb, 'es-MX')).toBe(true);
    expect(coversLanguage(kb, 'fr')).toBe(false);
    expect(coversLanguage(kb, 'zh-Hans')).toBe(false);
  });

  it('reports partial coverage, with what is left to translate', () => {
    const partial = parseKnowledgeBase(
      `- {id: a, question: A?, answer: A., translations: {fr: {answer: A-fr.}}}\n- {id: b, question: B?, answer: B.}\n`,
      'p.yaml',
    );
    expect(languageCoverage(partial)).toEqual([
      { language: 'en', entries: 2, share: 1, missing: [] },
      { language: 'fr', entries: 1, share: 0.5, missing: ['b'] },
    ]);
    expect(kbLanguages(partial)).toEqual(['en']);
    expect(kbLanguages(partial, 0.5)).toEqual(['en', 'fr']);
  });

  it('takes the main language from a top-level language:', () => {
    const spanish = parseKnowledgeBase('language: es\nentries:\n  - {id: a, question: ¿Q?, answer: R., translations: {en: {answer: A.}}}\n', 's.yaml');
    expect(mainLanguage(spanish)).toBe('es');
    expect(kbLanguages(spanish)).toEqual(['en', 'es']);
    expect(examplesIn(spanish.entries[0], 'es', mainLanguage(spanish))).toEqual([]);
    expect(spanish.version).not.toBe(parseKnowledgeBase('entries:\n  - {id: a, question: ¿Q?, answer: R., translations: {en: {answer: A.}}}\n', 's.yaml').version);
  });

  it('leaves a KB without translations exactly as before (same entries, same content version)', () => {
    const plain = parseKnowledgeBase('- {id: a, question: Q, answer: A}\n', 'a.yaml');
    expect(plain.entries[0]).toEqual({ id: 'a', question: 'Q', examples: [], answer: 'A', handoff: false, answers: {} });
    expect('language' in plain).toBe(false);
  });
});

describe('invalid translations are named by entry and field', () => {
  it('every problem at once', () => {
    const problems = problemsOf(`
- id: a
  question: Q
  answer: A
  answers: { es: Hola }
  translations:
    es: { answer: Otra }
    Spanish: { answer: Hola }
    de: { question: '', examples: [gut, ''], anwser: typo }
    fr: {}
    it: just text
- id: b
  question: Q
  answer: A
  translations: [es]
`);
    expect(problems).toEqual(expect.arrayContaining([
      { entry: '#1 "a"', field: 'translations.es.answer', message: 'also given in answers.es: keep one' },
      { entry: '#1 "a"', field: 'translations.Spanish', message: 'is not a language code like "es" or "pt-BR"' },
      { entry: '#1 "a"', field: 'translations.de.question', message: 'must be a non-empty string' },
      { entry: '#1 "a"', field: 'translations.de.examples[1]', message: 'must be a non-empty string' },
      { entry: '#1 "a"', field: 'translations.de.anwser', message: 'unknown field (known: question, examples, answer)' },
      { entry: '#1 "a"', field: 'translations.fr', message: 'is empty: give a question, examples and/or an answer' },
      { entry: '#1 "a"', field: 'translations.it', message: 'must be a mapping with question, examples and/or answer' },
      { entry: '#2 "b"', field: 'translations', message: 'must map language codes to { question, examples, answer }, e.g. "es: { answer: ... }"' },
    ]));
    expect(problems).toHaveLength(8);
  });

  it('a bad top-level language', () => {
    expect(problemsOf('language: English\nentries:\n  - {id: a, question: Q, answer: A}\n')).toEqual([
      { field: 'language', message: 'is not a language code like "en" or "pt-BR"' },
    ]);
  });

  it('the error message names the file, entry and field', () => {
    expect(() => parseKnowledgeBase('- {id: a, question: Q, answer: A, translations: {es: {examples: oops}}}\n', 'shop.yaml')).toThrow(
      /shop\.yaml[\s\S]*entry #1 "a", field "translations\.es\.examples": must be a list of strings/,
    );
  });
});
