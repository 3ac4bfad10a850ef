import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { lintKnowledgeBase } from '../admin/kb-lint';
import type { KnowledgeEntry } from '../core/knowledge-base';
import { runAdmin } from '../bin/admin';

const entry = (id: string, question: string, examples: string[]): KnowledgeEntry => ({ id, question, examples, answer: `answer ${id}`, handoff: false, answers: {} });

const CLEAN: KnowledgeEntry[] = [
  entry('refund', 'Where is my refund?', ['my refund has not arrived', 'when do I get my money back', 'refund still missing', 'I returned it, where is the refund']),
  entry('password', 'How do I reset my password?', ['I forgot my password', 'reset my password', 'cannot log in, password lost', 'send me a password reset link']),
  entry('fees', 'What fees do you charge?', ['is there a monthly fee', 'how much does a transfer cost', 'hidden charges', 'fee for withdrawing cash']),
];

describe('kb lint', () => {
  test('a knowledge base whose entries are told apart has no issues', () => {
    expect(lintKnowledgeBase(CLEAN)).toEqual([]);
  });

  test('entries with too few examples, with the fix', () => {
    const issues = lintKnowledgeBase([...CLEAN, entry('hours', 'When are you open?', ['opening hours'])]);
    expect(issues).toContainEqual(expect.objectContaining({ kind: 'few_examples', entryIds: ['hours'], fix: expect.stringContaining('add at least 2 more') }));
  });

  test('duplicate examples, within an entry and across two', () => {
    const issues = lintKnowledgeBase([
      ...CLEAN.slice(1),
      entry('refund', 'Where is my refund?', ['my refund has not arrived', 'My refund has not arrived!', 'when do I get my money back', 'reset my password']),
    ]);
    expect(issues).toContainEqual(expect.objectContaining({ kind: 'duplicate', entryIds: ['refund'] }));
    expect(issues).toContainEqual(expect.objectContaining({ kind: 'duplicate', entryIds: ['password', 'refund'] }));
  });

  test('entries the matcher confuses on their own examples (cross-validated), with "add examples that tell X from Y"', () => {
    const issues = lintKnowledgeBase([
      ...CLEAN,
      entry('card-delivery', 'When will my card arrive?', ['my new card has not arrived', 'when will the card arrive', 'card not arrived yet', 'where is my new card']),
      entry('card-tracking', 'Can I track my card?', ['has my card arrived', 'my card has not arrived yet', 'track the card I ordered', 'when does my card arrive']),
    ]);
    const confused = issues.filter((i) => i.kind === 'confused');
    expect(confused.length).toBeGreaterThan(0);
    expect(confused[0].entryIds.sort()).toEqual(['card-delivery', 'card-tracking']);
    expect(confused[0].fix).toMatch(/add examples that tell "card-(delivery|tracking)" from "card-(delivery|tracking)"/);
  });

  test('npm run admin -- kb lint FILE prints each problem with its fix and exits 1; --json; a clean file exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    const file = join(dir, 'kb.yaml');
    writeFileSync(file, JSON.stringify([...CLEAN, entry('hours', 'When are you open?', ['opening hours'])]));
    const run = async (argv: string[]) => {
      let out = '';
      const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
      const code = await runAdmin(argv, { env: {}, out: sink, err: sink });
      return { code, out };
    };
    const text = await run(['kb', 'lint', file]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('few_examples');
    expect(text.out).toContain('fix: add at least 2 more');
    const json = await run(['kb', 'lint', file, '--json']);
    expect(JSON.parse(json.out).issues[0]).toMatchObject({ kind: 'few_examples', entryIds: ['hours'] });
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify(CLEAN));
    expect(await run(['kb', 'lint', clean])).toEqual({ code: 0, out: 'no problems found\n' });
    expect((await run(['kb', 'lint'])).code).toBe(2);
  });
});
