/**
 * Understanding, measured as the eval command measures it, on data of this project's own: the demo shop's realistic
 * messages (person requests, frustration and sensitive topics in ten languages, FAQ and out-of-scope questions) and
 * two other domains (a mobile operator, a software product) the matcher and the rules were not developed on. Issue 12's targets for the
 * demo KB: handed off in one turn ≥ 90 %, answered right ≥ 55 %, wrong ≤ 5 %.
 */
import { join } from 'node:path';
import { Answerer } from '../core/answerer';
import { evaluate, loadCases } from '../core/evaluation';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';

function run(kbFile: string, casesFile: string) {
  return evaluate(new Answerer(loadKnowledgeBaseFile(kbFile)), loadCases(casesFile)).report;
}

test('demo shop: requests for a person, frustration and sensitive topics go to a person; FAQ answered right, rarely wrong', () => {
  const report = run(join(__dirname, '..', 'kb', 'demo-shop.yaml'), join(__dirname, '..', 'kb', 'demo-shop-cases.jsonl'));
  expect(report.human.n).toBeGreaterThanOrEqual(300);
  expect(report.human.handed_off).toBeGreaterThanOrEqual(0.97);
  for (const group of ['human', 'frustration', 'sensitive']) expect(report.groups?.[group].handed_off).toBeGreaterThanOrEqual(0.9);
  expect(report.faq.answered_right).toBeGreaterThanOrEqual(0.55);
  expect(report.faq.answered_wrong).toBeLessThanOrEqual(0.05);
  expect(report.faq.right_offered).toBeGreaterThanOrEqual(0.95);
});

test('another domain (a mobile operator): the same safety without any tuning to it', () => {
  const report = run(join(__dirname, 'fixtures', 'telco-kb.yaml'), join(__dirname, 'fixtures', 'telco-cases.jsonl'));
  expect(report.human).toEqual({ n: 6, handed_off: 1 });
  expect(report.faq.answered_wrong).toBe(0);
  expect(report.faq.answered_right).toBeGreaterThanOrEqual(0.5);
  expect(report.faq.right_offered).toBeGreaterThanOrEqual(0.95);
  expect(report.none.answered).toBe(0);
});

test('a third domain (a software product) with its own sensitive entries: a hacked account and a charge not agreed to go to a person', () => {
  const report = run(join(__dirname, 'fixtures', 'saas-kb.yaml'), join(__dirname, 'fixtures', 'saas-cases.jsonl'));
  expect(report.groups?.sensitive).toMatchObject({ n: 5, handed_off: 1 });
  expect(report.human.handed_off).toBeGreaterThanOrEqual(0.9);
  expect(report.faq.answered_wrong).toBe(0);
  expect(report.faq.answered_right).toBeGreaterThanOrEqual(0.5);
  expect(report.faq.right_offered).toBeGreaterThanOrEqual(0.95);
  expect(report.none.answered).toBe(0);
});
