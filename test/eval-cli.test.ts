/**
 * `npm run eval`: the readable table, and with --json a last line other tools parse. Runs the built command
 * (`dist/bin/eval.js`, built once in globalSetup-free fashion by tsc here) the way a user does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { EVAL_DIR, testWithEvalData } from './helpers/eval-data';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const REPORT_SHAPE = /^\{"cases":\d+,"faq":\{"n":\d+,"answered_right":[\d.]+,"answered_wrong":[\d.]+,"right_offered":[\d.]+\},"none":\{"n":\d+,"answered":[\d.]+\},"human":\{"n":\d+,"handed_off":[\d.]+\},"decisions_per_second":[\d.]+,"p50_ms":[\d.]+,"p99_ms":[\d.]+\}$/;

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

function runEval(args: string[]) {
  return spawnSync('node', [join(ROOT, 'dist', 'bin', 'eval.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

function lastLine(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  return lines[lines.length - 1];
}

describe('npm run eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-'));
  const kb = join(dir, 'kb.yaml');
  const cases = join(dir, 'cases.jsonl');
  writeFileSync(
    kb,
    `- id: refund
  question: Where is my refund?
  examples: [my refund has not arrived, when do I get my money back, refund missing]
  answer: Refunds take 5 days.
- id: card
  question: How do I activate my card?
  examples: [activate my new card, my card does not work yet, how to start using the card]
  answer: Tap Activate in the app.
`,
  );
  writeFileSync(
    cases,
    [
      { text: 'where is my refund', expect: 'refund' },
      { text: 'how do I activate my card', expect: 'card' },
      { text: 'who won the world cup', expect: 'none' },
      { text: 'let me talk to a human', expect: 'human' },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n'),
  );

  test('--json: the last line is exactly one JSON object of the documented shape, with fractions of each group', () => {
    const result = runEval(['--kb', kb, '--cases', cases, '--json']);
    expect(result.status).toBe(0);
    const line = lastLine(result.stdout);
    expect(line).toMatch(REPORT_SHAPE);
    const report = JSON.parse(line);
    expect(report).toMatchObject({ cases: 4, faq: { n: 2 }, none: { n: 1 }, human: { n: 1, handed_off: 1 } });
    for (const f of [report.faq.answered_right, report.faq.answered_wrong, report.faq.right_offered, report.none.answered]) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
    expect(report.faq.right_offered).toBeGreaterThanOrEqual(report.faq.answered_right);
  });

  test('without --json: a readable table and no JSON', () => {
    const result = runEval(['--kb', kb, '--cases', cases]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('answered with the right entry');
    expect(result.stdout).not.toContain('{"cases"');
  });

  test('--misses lists wrong answers and missed handoffs; a group field adds a per-group breakdown to the JSON', () => {
    const grouped = join(dir, 'grouped.jsonl');
    writeFileSync(
      grouped,
      [
        { text: 'where is my refund', expect: 'refund', group: 'faq' },
        { text: 'how do I activate my card', expect: 'refund', group: 'faq' },
        { text: 'let me talk to a human', expect: 'human', group: 'human' },
        { text: 'where is my refund', expect: 'human', group: 'sensitive' },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const result = runEval(['--kb', kb, '--cases', grouped, '--json', '--misses']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/wrong answer +\[faq\] "how do I activate my card" expected "refund" -> answered "card"/);
    // An answer says why: the question's words that weighed for the entry, and the entry's nearest phrasing.
    expect(result.stdout).toMatch(/answered "card" \(confidence \d\.\d\d, because of the words [^;]*"activate"[^;]*; closest phrasing "[^"]+" \(\d\.\d\d\)\)/);
    expect(result.stdout).toMatch(/missed handoff +\[sensitive\] "where is my refund"/);
    const report = JSON.parse(lastLine(result.stdout));
    expect(report.groups.human).toEqual({ n: 1, handed_off: 1, answered_right: 0, answered_wrong: 0 });
    expect(report.groups.faq).toMatchObject({ n: 2, answered_right: 0.5, answered_wrong: 0.5 });
    expect(result.stdout).toMatch(/^sensitive +1 +handed off/m);
  });

  test('bad input fails with a message that says what is wrong', () => {
    expect(runEval([]).stderr).toContain('usage: npm run eval -- --kb FILE --cases FILE [--json]');
    const bad = runEval(['--kb', join(dir, 'missing.yaml'), '--cases', cases]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/missing\.yaml.*cannot read/s);
    const unknownEntry = join(dir, 'unknown.jsonl');
    writeFileSync(unknownEntry, '{"text":"x","expect":"nope"}\n');
    expect(runEval(['--kb', kb, '--cases', unknownEntry]).stderr).toContain('expect entries the knowledge base does not have: nope');
    expect(runEval(['--kb', kb, '--cases', cases, '--jsn']).stderr).toContain('unknown option --jsn');
    const withoutKey = spawnSync('node', [join(ROOT, 'dist', 'bin', 'eval.js'), '--kb', kb, '--cases', cases, '--llm'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, OPENAI_API_KEY: '' },
    });
    expect(withoutKey.status).toBe(1);
    expect(withoutKey.stderr).toContain('OPENAI_API_KEY');
  });

  testWithEvalData('eval targets')('on the shared evaluation data the targets hold (answered right ≥ 0.45 with ≤ 0.05 wrong; …)', () => {
    const result = runEval(['--kb', join(EVAL_DIR!, 'banking77-faq-10.json'), '--cases', join(EVAL_DIR!, 'banking77-cases.jsonl'), '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(lastLine(result.stdout));
    expect(report.cases).toBe(3320);
    expect(report.faq.answered_right).toBeGreaterThanOrEqual(0.45);
    expect(report.faq.answered_wrong).toBeLessThanOrEqual(0.05);
    expect(report.faq.right_offered).toBeGreaterThanOrEqual(0.88);
    expect(report.none.answered).toBeLessThanOrEqual(0.1);
    expect(report.human.handed_off).toBeGreaterThanOrEqual(0.97);
  });
});
