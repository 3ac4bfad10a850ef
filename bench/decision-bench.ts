/**
 * Decisions on a 1,000-entry knowledge base grown from the evaluation one: decisions/s, p50/p99 per decision,
 * knowledge-base load (parse + train) time and the memory it takes.
 */
import { join } from 'node:path';
import { Answerer, emptyMemory } from '../core/answerer';
import { percentile, loadCases } from '../core/evaluation';
import { loadKnowledgeBaseFile, validateKnowledgeBase } from '../core/knowledge-base';
import { growKnowledgeBase } from './generate-kb';

export interface DecisionBench {
  kb_entries: number;
  kb_load_ms: number;
  kb_memory_mb: number;
  per_second: number;
  p50_ms: number;
  p99_ms: number;
}

export function benchDecisions(evalDir: string, entries = 1000, rounds = 2): DecisionBench {
  const base = loadKnowledgeBaseFile(join(evalDir, 'banking77-faq-10.json'));
  const texts = loadCases(join(evalDir, 'banking77-cases.jsonl')).map((c) => c.text);
  const document = growKnowledgeBase(base.entries, entries);

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStarted = performance.now();
  const answerer = new Answerer(validateKnowledgeBase(document, `generated-${entries}`));
  const loadMs = performance.now() - loadStarted;
  global.gc?.();
  const memoryMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  // Warm-up with one full pass: a running bot is in steady state, past V8's compilation tiers.
  for (const text of texts) answerer.decide({ text }, emptyMemory());
  const latencies: number[] = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const t0 = performance.now();
      answerer.decide({ text }, emptyMemory());
      latencies.push(performance.now() - t0);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    kb_entries: answerer.kb.entries.length,
    kb_load_ms: round2(loadMs),
    kb_memory_mb: round2(memoryMb),
    per_second: Math.round(latencies.length / seconds),
    p50_ms: round4(percentile(latencies, 0.5)),
    p99_ms: round4(percentile(latencies, 0.99)),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10000) / 10000;
