/**
 * npm run eval -- --kb FILE --cases FILE [--json] [--llm] [--misses]
 *
 * --misses prints every wrong answer, missed handoff, FAQ handed off and out-of-scope question answered.
 *
 * --llm runs the cases through the language model (OPENAI_API_KEY and friends), as customers' turns are.
 *
 * Prints a readable table; with --json the last line of output is exactly one JSON object (other tools read it).
 */
import { Answerer } from '../core/answerer';
import { evaluate, loadCases, misses, type EvalReport } from '../core/evaluation';
import { KnowledgeBaseError, loadKnowledgeBaseFile } from '../core/knowledge-base';
import { ConfigError } from '../core/config';
import { createLogger } from '../core/log';
import { composerForEval, evaluateWithComposer } from '../core/llm/eval-support';
import { OpenAiLanguageModel } from '../adapters/llm/openai-language-model';
import { parseFlags } from './flags';

const USAGE = 'usage: npm run eval -- --kb FILE --cases FILE [--json] [--llm] [--misses]';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { kb: 'string', cases: 'string', json: 'boolean', llm: 'boolean', misses: 'boolean' }, USAGE);
  if (!flags.kb || !flags.cases) {
    console.error(`${USAGE}\n  e.g. npm run eval -- --kb ../shared/eval/banking77-faq-10.json --cases ../shared/eval/banking77-cases.jsonl`);
    return 2;
  }
  const kb = loadKnowledgeBaseFile(flags.kb as string);
  const cases = loadCases(flags.cases as string);
  const trainStarted = performance.now();
  const answerer = new Answerer(kb);
  const trainMs = performance.now() - trainStarted;
  const { report, outcomes } = flags.llm
    ? await evaluateWithComposer(answerer, await composerForEval(process.env, answerer, (config) => new OpenAiLanguageModel(config), createLogger('warn')), cases)
    : evaluate(answerer, cases);

  if (flags.misses) {
    const lines = misses(outcomes, (text, entryId) => answerer.explain(text, entryId));
    process.stdout.write(`Misses (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
  }
  printTable(report, kb.entries.length, trainMs);
  if (flags.json) process.stdout.write(JSON.stringify(report) + '\n');
  return 0;
}

function printTable(r: EvalReport, entries: number, trainMs: number): void {
  const pct = (f: number) => `${(f * 100).toFixed(1)}%`.padStart(7);
  const lines = [
    `Knowledge base: ${entries} entries (trained in ${trainMs.toFixed(0)} ms). Cases: ${r.cases}.`,
    '',
    'group   n      measure                                      result',
    `faq     ${String(r.faq.n).padEnd(6)} answered with the right entry             ${pct(r.faq.answered_right)}`,
    `faq     ${String(r.faq.n).padEnd(6)} answered with a wrong entry (worst case)  ${pct(r.faq.answered_wrong)}`,
    `faq     ${String(r.faq.n).padEnd(6)} right entry answered or offered           ${pct(r.faq.right_offered)}`,
    `none    ${String(r.none.n).padEnd(6)} out-of-scope answered as if FAQ          ${pct(r.none.answered)}`,
    `human   ${String(r.human.n).padEnd(6)} asked for a person and handed off       ${pct(r.human.handed_off)}`,
    ...Object.entries(r.groups ?? {}).map(
      ([name, g]) => `${name.slice(0, 14).padEnd(14)} ${String(g.n).padEnd(5)} handed off ${pct(g.handed_off)}, answered right ${pct(g.answered_right)}, wrong ${pct(g.answered_wrong)}`,
    ),
    '',
    `speed: ${r.decisions_per_second} decisions/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(err instanceof KnowledgeBaseError || err instanceof ConfigError ? err.message : `eval failed: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
