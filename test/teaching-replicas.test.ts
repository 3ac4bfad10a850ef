/**
 * The knowledge base lives in Redis, versioned (issue 14 #10): replicas with no shared disk (each its own KB file
 * here) serve the same KB; a learn on one is served by the other; two learns at once both survive (revision
 * check-and-set); the first start imports the file; a file that differs from Redis is reported, not served, and
 * not overwritten; `reload` imports the file as a new version; rollback serves an older version again.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KbStore } from '../admin/kb-store';
import { KnowledgeAdmin } from '../admin/knowledge-admin';
import { Answerer, emptyMemory } from '../core/answerer';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import type { Logger } from '../core/log';
import type { SupportCore } from '../core/support-core';
import { buildCore } from './kit/core-builder';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

// Each test trains the demo KB several times (a core per replica, again for every revision it serves): about a
// second each here, several on a loaded 2-core CI machine, beyond the suite's default 20 s per test.
jest.setTimeout(60_000);

const DEMO = join(__dirname, '..', 'kb', 'demo-shop.yaml');
const redis = connectRedis();
const prefixes: string[] = [];
const running: KnowledgeAdmin[] = [];
const connections: ReturnType<typeof connectRedis>[] = [];

afterAll(async () => {
  for (const knowledge of running) await knowledge.stop();
  for (const connection of connections) connection.disconnect();
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  await redis.quit();
});

function tempKb(text = readFileSync(DEMO, 'utf8')): string {
  const file = join(mkdtempSync(join(tmpdir(), 'teaching-replicas-')), 'kb.yaml');
  writeFileSync(file, text);
  return file;
}

function recordingLogger(): Logger & { lines: { level: string; event: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push({ level, event, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A replica: its own core (trained on its own file, as bin/start.ts would before Redis is read) and KB admin. */
async function replica(prefix: string, file: string, logger = recordingLogger()): Promise<{ core: SupportCore; knowledge: KnowledgeAdmin; logger: ReturnType<typeof recordingLogger> }> {
  const { core } = buildCore({ answerer: new Answerer(loadKnowledgeBaseFile(file)) });
  const connection = connectRedis();
  connections.push(connection);
  const knowledge = new KnowledgeAdmin({ core, file, redis: connection, keyPrefix: prefix, logger, refreshMs: 500 });
  await knowledge.start();
  running.push(knowledge);
  return { core, knowledge, logger };
}

function answers(core: SupportCore, text: string): string | undefined {
  const { decision } = core.answerer.decide({ text }, emptyMemory());
  return decision.kind === 'answer' ? decision.entryId : undefined;
}

function newPrefix(): string {
  const prefix = uniquePrefix('teaching-replicas');
  prefixes.push(prefix);
  return prefix;
}

test('the first start imports the KB file into Redis as revision 1', async () => {
  const prefix = newPrefix();
  const file = tempKb();
  const a = await replica(prefix, file);
  expect(await new KbStore(redis, prefix).current()).toMatchObject({ revision: 1, text: readFileSync(file, 'utf8'), format: 'yaml', by: `import:${file}` });
  expect(a.knowledge.revision).toBe(1);
  expect(a.logger.lines.find((l) => l.event === 'kb.imported')?.fields).toMatchObject({ revision: 1 });
  // The core already serves the file's content: nothing to train at start-up.
  expect(a.logger.lines.find((l) => l.event === 'kb.in_use')?.fields).toMatchObject({ revision: 1, why: 'start-up', trained_ms: 0 });
  // A new version is trained, and the log says how long that held this replica's event loop (time it answered nobody).
  expect((await a.knowledge.replace(readFileSync(file, 'utf8').replace('A late fee of €5 applies', 'A late fee of €6 applies'))).ok).toBe(true);
  const trained = a.logger.lines.find((l) => l.event === 'kb.in_use' && l.fields?.revision === 2)!.fields!;
  expect(trained.trained_ms as number).toBeGreaterThan(0);
});

test('two replicas with different files serve the one KB in Redis; a learn on one is served by the other; the differing file is reported and left alone', async () => {
  const prefix = newPrefix();
  const fileA = tempKb();
  const fileB = tempKb(readFileSync(DEMO, 'utf8').replace('A late fee of €5 applies', 'A late fee of €9 applies'));
  const a = await replica(prefix, fileA);
  const b = await replica(prefix, fileB);
  // B serves what Redis has (A's import), not its own file, and says so.
  expect(b.core.knowledgeBase.byId.get('late-fee')!.answer).toContain('€5');
  expect(b.logger.lines.find((l) => l.event === 'kb.file_differs')).toMatchObject({ level: 'warn', fields: { file: fileB, revision: 1 } });

  const question = 'my parcel vanished into thin air';
  expect(answers(b.core, question)).toBeUndefined();
  const taught = await a.knowledge.learn('delivery-status', question, 'admin');
  expect(taught).toMatchObject({ ok: true, saved: true, revision: 2 });
  await eventually(() => answers(b.core, question) === 'delivery-status', 'replica B answers the taught question');
  expect(b.knowledge.revision).toBe(2);
  expect(b.knowledge.text()).toContain(`- ${question}`);
  // Exported to A's file (it matched what A served); B's file was edited by hand, so it is not overwritten.
  expect(readFileSync(fileA, 'utf8')).toContain(`- ${question}`);
  expect(readFileSync(fileB, 'utf8')).toContain('€9');
  expect(b.logger.lines.some((l) => l.event === 'kb.export_skipped')).toBe(true);
});

test('concurrent learns on two replicas both survive (revision check-and-set, the loser retries on the winner\'s version)', async () => {
  const prefix = newPrefix();
  const a = await replica(prefix, tempKb());
  const b = await replica(prefix, tempKb());
  // The worst interleaving, made certain: B has read revision 1 and is about to write when A's whole learn happens.
  const store = b.knowledge.store;
  const write = store.write.bind(store);
  let one: unknown;
  let writes = 0;
  store.write = async (...args: Parameters<typeof write>) => {
    if (writes++ === 0) one = await a.knowledge.learn('delivery-status', 'my parcel vanished into thin air', 'slack:U1');
    return write(...args);
  };
  const two = await b.knowledge.learn('late-fee', 'penalty for paying late', 'slack:U2');
  expect(one).toMatchObject({ ok: true, saved: true, revision: 2 });
  expect(two).toMatchObject({ ok: true, saved: true, revision: 3 });
  // B's first write (based on revision 1) was refused; it added its example to A's version and wrote that.
  expect(writes).toBe(2);
  expect(b.logger.lines.find((l) => l.event === 'kb.learned')!.fields).toMatchObject({ attempts: 2 });
  const stored = (await new KbStore(redis, prefix).current())!;
  expect(stored.revision).toBe(3);
  expect(stored.text).toContain('- my parcel vanished into thin air');
  expect(stored.text).toContain('- penalty for paying late');
  for (const r of [a, b]) await eventually(() => r.knowledge.revision === 3, 'both replicas serve revision 3');
  expect(answers(a.core, 'penalty for paying late')).toBe('late-fee');
  expect(answers(b.core, 'my parcel vanished into thin air')).toBe('delivery-status');
});

test('a write based on an old revision is refused by the store; history keeps each version for rollback', async () => {
  const prefix = newPrefix();
  const store = new KbStore(redis, prefix, 3);
  expect(await store.write(0, 'entries: []', 'yaml', 'x')).toMatchObject({ ok: true, version: { revision: 1 } });
  expect(await store.write(0, 'entries: [] # other', 'yaml', 'y')).toEqual({ ok: false, revision: 1 });
  for (const n of [2, 3, 4]) expect(await store.write(n - 1, `# v${n}`, 'yaml', 'x')).toMatchObject({ ok: true, version: { revision: n } });
  expect((await store.history()).map((v) => v.revision)).toEqual([4, 3, 2]);
});

test('reload imports the edited file as a new version for every replica; rollback serves an earlier version again', async () => {
  const prefix = newPrefix();
  const fileA = tempKb();
  const a = await replica(prefix, fileA);
  const b = await replica(prefix, tempKb());
  writeFileSync(fileA, readFileSync(fileA, 'utf8').replace('A late fee of €5 applies', 'A late fee of €8 applies'));
  expect(await a.knowledge.reload('test')).toMatchObject({ ok: true, revision: 2 });
  await eventually(() => b.core.knowledgeBase.byId.get('late-fee')!.answer.includes('€8'), 'replica B serves the imported file');

  expect(await a.knowledge.rollback(1, 'admin')).toMatchObject({ ok: true, revision: 3 });
  await eventually(() => b.core.knowledgeBase.byId.get('late-fee')!.answer.includes('€5'), 'replica B serves revision 1 again');
  expect((await a.knowledge.history()).map((v) => [v.revision, v.by])).toEqual([
    [3, 'admin (rollback to revision 1)'],
    [2, 'admin (import of ' + fileA + ')'],
    [1, `import:${fileA}`],
  ]);
});

test('KB_FILE pointed at another knowledge base (another file name) is imported at start; the earlier one stays in the history', async () => {
  const prefix = newPrefix();
  const demo = tempKb();
  const first = await replica(prefix, demo);
  await first.knowledge.stop();
  // The admin tried the demo, then points KB_FILE at their own knowledge base and restarts.
  const own = join(mkdtempSync(join(tmpdir(), 'teaching-replicas-')), 'our-faq.yaml');
  writeFileSync(own, 'entries:\n  - id: opening-hours\n    question: When are you open?\n    examples: [when are you open, opening hours, what time do you close]\n    answer: Monday to Friday, 9 to 5.\n');
  const restarted = await replica(prefix, own);
  expect(restarted.knowledge.revision).toBe(2);
  expect(restarted.core.knowledgeBase.entries.map((e) => e.id)).toEqual(['opening-hours']);
  expect(await new KbStore(redis, prefix).current()).toMatchObject({ revision: 2, source: 'our-faq.yaml', by: `import:${own}` });
  expect(restarted.logger.lines.find((l) => l.event === 'kb.imported')?.fields?.why).toMatch(/another file .*\(kb\.yaml\)/);
  expect((await restarted.knowledge.history()).map((v) => v.revision)).toEqual([2, 1]);

  // A teach keeps the source: the next restart with the same file serves Redis (teaching included), not the file.
  await new KbStore(redis, prefix).update('slack:U1', (current) => ({ text: current!.text.replace('opening hours,', 'opening hours, are you open today,'), format: 'yaml' }));
  const again = await replica(prefix, own);
  expect(again.knowledge.revision).toBe(3);
  expect(again.core.knowledgeBase.byId.get('opening-hours')!.examples).toContain('are you open today');
  expect(again.logger.lines.some((l) => l.event === 'kb.imported')).toBe(false);
});
