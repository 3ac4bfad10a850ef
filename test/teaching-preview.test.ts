/**
 * Safe teaching (issue 14 #10): before a taught example is saved, the questions it would answer differently (the
 * KB's own examples and the taught question) are listed; a teach that breaks an answer is refused unless
 * confirmed; a harmless one saves at once; the KB file changes by exactly the one added line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addExample } from '../admin/kb-edit';
import { KnowledgeAdmin } from '../admin/knowledge-admin';
import { Answerer, emptyMemory } from '../core/answerer';
import { parseKnowledgeBase } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { AuditLog } from '../handoff/audit';
import { buildCore } from './kit/core-builder';
import { startAdmin, type AdminFixture } from './helpers/admin-fixture';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const DEMO = readFileSync(join(__dirname, '..', 'kb', 'demo-shop.yaml'), 'utf8');

/** Lines only in `after` and lines only in `before`, for a file changed by insertions and deletions in place. */
function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  return { added: b.slice(start, endB), removed: a.slice(start, endA) };
}

describe('through the admin API, on the demo KB', () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdmin();
  });
  afterAll(() => f.close());

  test('a teach that changes no existing answer is saved at once, and the question is answered by that entry', async () => {
    const question = 'my parcel vanished into thin air';
    const { status, data } = await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question });
    expect(status).toBe(200);
    expect(data).toMatchObject({ ok: true, saved: true, conflicts: [] });
    expect(data.changes[0]).toMatchObject({ question, taught: true, conflict: false, after: expect.stringMatching(/^answered by delivery-status/) });
    expect(f.core.answerer.decide({ text: question }, emptyMemory()).decision).toMatchObject({ kind: 'answer', entryId: 'delivery-status' });
    // Teaching the same again changes nothing and writes nothing.
    const revision = f.knowledge.revision;
    expect((await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question })).data).toMatchObject({ ok: true, saved: false, unchanged: true });
    expect(f.knowledge.revision).toBe(revision);
  });

  test('preview lists the questions answered differently and saves nothing', async () => {
    const before = readFileSync(f.kbFile, 'utf8');
    const revision = f.knowledge.revision;
    const { status, data } = await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question: 'where is my refund', preview: true });
    expect(status).toBe(200);
    expect(data).toMatchObject({ ok: true, saved: false, preview: true, revision });
    // The taught question would still be answered by refund-status: listed, as a conflict, with before and after.
    expect(data.conflicts[0]).toMatchObject({ question: 'where is my refund', taught: true, conflict: true });
    expect(data.conflicts[0].before).toMatch(/^answered by refund-status \(\d\.\d\d\)$/);
    expect(data.examplesChecked).toBeGreaterThan(400); // every example of every entry, translations included
    expect(readFileSync(f.kbFile, 'utf8')).toBe(before);
    expect(f.knowledge.revision).toBe(revision);
    expect((await f.call('GET', '/admin/api/kb')).data.revision).toBe(revision);
  });

  test('a conflicting teach is refused with the conflicts and a clear message; with confirm: true it is saved, reusing the preview\'s training', async () => {
    const before = readFileSync(f.kbFile, 'utf8');
    const revision = f.knowledge.revision;
    const refused = await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question: 'where is my refund' });
    expect(refused.status).toBe(409);
    expect(refused.data.error).toMatch(/"where is my refund" would still not be answered by that entry \(now: answered by refund-status/);
    expect(refused.data.error).toMatch(/send confirm: true to teach anyway$/);
    expect(refused.data.conflicts).toContainEqual(expect.objectContaining({ question: 'where is my refund', taught: true }));
    // The demo KB's own examples it would break are named too (borderline translated ones here).
    const others = refused.data.conflicts.filter((c: { taught?: boolean }) => !c.taught);
    if (others.length) expect(refused.data.error).toContain(`teaching this would change how ${others.length} existing question`);
    expect(readFileSync(f.kbFile, 'utf8')).toBe(before);
    expect(f.knowledge.revision).toBe(revision);

    // The candidate trained for the refusal is the one put in use by the confirmation: trained once, not again.
    const candidate = [...f.knowledge.plans.values()].at(-1)!.answerer;
    const accepted = await f.call('POST', '/admin/api/kb/learn', { entryId: 'delivery-status', question: 'where is my refund', confirm: true });
    expect(accepted.status).toBe(200);
    expect(accepted.data).toMatchObject({ ok: true, saved: true, revision: revision + 1 });
    expect(f.core.answerer).toBe(candidate);
    expect(f.knowledge.plans.size).toBe(0);
    expect(lineDiff(before, readFileSync(f.kbFile, 'utf8'))).toEqual({ added: ['      - where is my refund'], removed: [] });
  });

  test('teaching from a handoff masks personal data staff typed into the wording: not in the KB, its file or the audit', async () => {
    const line = { from: 'customer' as const, text: 'my parcel is lost', at: new Date().toISOString() };
    const { id } = await f.records.open({ address: 'telegram:teach-pii', customer: { id: 'c9', displayName: 'Ana' }, reason: 'low_confidence', transcript: [line], requestedAt: new Date() }, new Date());
    await f.records.finish((await f.records.get(id))!, 'resolved', { id: 'UAGENT1', name: 'Alex Morgan' });
    const question = 'my parcel for card 4111 1111 1111 1111 never came, mail ana.lima@example.com';
    const { status, data } = await f.call('POST', '/admin/api/kb/learn', { handoffId: id, entryId: 'delivery-status', question, confirm: true });
    expect(status).toBe(200);
    expect(data).toMatchObject({ ok: true, saved: true });
    for (const text of [(await f.call('GET', '/admin/api/kb')).data.text as string, readFileSync(f.kbFile, 'utf8'), JSON.stringify((await f.call('GET', '/admin/api/audit?limit=5')).data)]) {
      expect(text).not.toContain('4111 1111 1111 1111');
      expect(text).not.toContain('ana.lima@example.com');
    }
    expect((await f.call('GET', '/admin/api/kb')).data.text).toContain('my parcel for card');
  });
});

describe('conflicts with other entries\' own examples', () => {
  // A small KB: teaching a refund question to the delivery entry breaks answers the KB gave before.
  const SMALL = `# A small shop
entries:
  - id: refund-status
    question: Where is my refund?
    examples:
      - where is my refund
      - my refund has not arrived
      - when do I get my money back
      - refund still missing
    answer: Refunds take 5 days.
  - id: delivery-status
    question: Where is my order?
    examples:
      - where is my parcel
      - my order has not arrived
      - track my delivery
      - parcel still missing
    answer: Track it in the app.
  - id: late-fee
    question: How much is the late fee?
    examples:
      - how much is the late fee
      - why was I charged a fee
      - late payment fee
    answer: 5 euros.
`;
  const prefix = uniquePrefix('teaching-preview');
  // Opened in beforeAll, not at describe scope: a run filtered to other tests (-t) would leave it open and jest hanging.
  let redis: ReturnType<typeof connectRedis>;
  beforeAll(() => {
    redis = connectRedis();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  test('each changed question is listed with what it was and what it would be; refused, then taught with confirm, and audited', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'teaching-preview-')), 'kb.yaml');
    writeFileSync(file, SMALL);
    const { core } = buildCore({ answerer: new Answerer(parseKnowledgeBase(SMALL, file)) });
    const audit = new AuditLog(redis, `${prefix}:handoff`);
    const knowledge = new KnowledgeAdmin({ core, file, redis, keyPrefix: prefix, logger: silentLogger, audit });
    await knowledge.start();
    try {
      const refused = await knowledge.learn('delivery-status', 'where is my refund', 'admin', { handoffId: 'h1' });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.conflicts).toContainEqual({
        question: 'my refund has not arrived',
        entryId: 'refund-status',
        before: expect.stringMatching(/^answered by refund-status \(\d\.\d\d\)$/),
        after: expect.stringMatching(/^clarify between .*refund-status/),
        conflict: true,
      });
      expect(refused.problems[0].message).toMatch(/^teaching this would change how \d+ existing questions are answered: "where is my refund" \(was: answered by refund-status/);
      expect(readFileSync(file, 'utf8')).toBe(SMALL);
      expect((await audit.recent(1))[0]).toMatchObject({ who: { id: 'admin' }, action: 'teach', handoffId: 'h1', outcome: 'refused' });

      const taught = await knowledge.learn('delivery-status', 'where is my refund', 'admin', { handoffId: 'h1', confirm: true });
      expect(taught).toMatchObject({ ok: true, saved: true, revision: 2 });
      expect((await audit.recent(1))[0]).toMatchObject({ action: 'teach', handoffId: 'h1', outcome: 'done', detail: expect.stringContaining('confirmed although it changes') });
      expect(lineDiff(SMALL, readFileSync(file, 'utf8'))).toEqual({ added: ['      - where is my refund'], removed: [] });
    } finally {
      await knowledge.stop();
    }
  });
});

describe('minimal-diff writes', () => {
  test('YAML: one example added to the demo KB is exactly one added line (comments, folded answers and quoting kept)', () => {
    for (const [entry, phrase] of [['delivery-status', 'my parcel vanished into thin air'], ['late-fee', 'fee: why #2?'], ['contact-hours', "what's \"open\" today"]]) {
      const after = addExample(DEMO, 'yaml', entry, phrase);
      const { added, removed } = lineDiff(DEMO, after);
      expect(removed).toEqual([]);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^ {6}- /);
      const entries = (parse(after) as { entries: { id: string; examples: string[] }[] }).entries;
      expect(entries.find((e) => e.id === entry)!.examples.at(-1)).toBe(phrase);
    }
  });

  test('YAML without an examples list yet: the list is added as two new lines after the question, nothing re-wrapped', () => {
    const text = '# mine\nentries:\n  - id: a\n    question: Q?\n    answer: >-\n      A long answer that the admin wrapped by hand\n      over two lines.\n';
    const after = addExample(text, 'yaml', 'a', 'new wording');
    expect(after).toContain('# mine');
    expect(lineDiff(text, after)).toEqual({ added: ['    examples:', '      - new wording'], removed: [] });
    expect((parse(after) as { entries: { examples: string[] }[] }).entries[0].examples).toEqual(['new wording']);
  });

  test('JSON keeps the file\'s own indentation', () => {
    const json = JSON.stringify(parse(DEMO), null, 4) + '\n';
    const after = addExample(json, 'json', 'late-fee', 'new wording');
    expect(after).toBe(JSON.stringify(JSON.parse(after), null, 4) + '\n');
    // The previous last example gains its comma; nothing else moves.
    const last = JSON.stringify((parse(DEMO) as { entries: { id: string; examples: string[] }[] }).entries.find((e) => e.id === 'late-fee')!.examples.at(-1));
    expect(lineDiff(json, after)).toEqual({ added: [`                ${last},`, '                "new wording"'], removed: [`                ${last}`] });
  });
});
