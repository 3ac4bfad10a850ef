/**
 * A large knowledge base for benchmarks, grown from a real one: each entry is copied for several fictional
 * products, with the product named in its question and phrasings, so copies differ the way a real multi-product
 * FAQ does instead of being exact duplicates.
 */
import type { KnowledgeEntry } from '../core/knowledge-base';

const PRODUCTS = [
  'classic card', 'gold card', 'business account', 'savings pot', 'travel card', 'junior account', 'crypto wallet',
  'metal card', 'joint account', 'virtual card', 'student plan', 'premium plan', 'family plan', 'shop card', 'fuel card',
];

export function growKnowledgeBase(base: KnowledgeEntry[], targetEntries: number): KnowledgeEntry[] {
  const grown: KnowledgeEntry[] = [];
  for (let copy = 0; grown.length < targetEntries; copy++) {
    const product = PRODUCTS[copy % PRODUCTS.length] + (copy >= PRODUCTS.length ? ` ${Math.floor(copy / PRODUCTS.length) + 1}` : '');
    for (const entry of base) {
      if (grown.length >= targetEntries) break;
      grown.push({
        ...entry,
        id: copy === 0 ? entry.id : `${entry.id}__${copy}`,
        question: copy === 0 ? entry.question : `${entry.question} (${product})`,
        examples: copy === 0 ? entry.examples : entry.examples.map((e, i) => (i % 2 ? `${e} with my ${product}` : `${product}: ${e}`)),
      });
    }
  }
  return grown;
}
