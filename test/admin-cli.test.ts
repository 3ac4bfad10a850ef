/**
 * `npm run admin -- …`: the same code the built command runs (bin/admin.ts's runAdmin), in process against the
 * real Redis, with its own KEY_PREFIX and KB_FILE. (In process: building the whole project per run took a minute.)
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Redis from 'ioredis';
import { KbStore } from '../admin/kb-store';
import { runAdmin } from '../bin/admin';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const ROOT = join(__dirname, '..');
const prefix = uniquePrefix('admin-cli');
const kbFile = join(mkdtempSync(join(tmpdir(), 'admin-cli-kb-')), 'kb.yaml');
let redis: Redis;

beforeAll(() => {
  copyFileSync(join(ROOT, 'kb', 'demo-shop.yaml'), kbFile);
  redis = connectRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

async function admin(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => (stdout += chunk));
  err.on('data', (chunk) => (stderr += chunk));
  // The test's own connection helper: core's connectRedis leaves its 3 s start-up timer running, which would keep
  // jest waiting after the last test.
  const connect = async () => connectRedis();
  const status = await runAdmin(args, { env: { ...process.env, KEY_PREFIX: prefix, KB_FILE: kbFile }, out, err, connect });
  return { status, stdout, stderr };
}

test('channels disable/enable change what every replica reads, and list shows it', async () => {
  expect((await admin('channels', 'disable', 'telegram')).stdout).toContain('telegram is now off in every running replica.');
  expect(await redis.smembers(`${prefix}:channels:disabled`)).toEqual(['telegram']);
  expect((await admin('channels', 'list')).stdout).toMatch(/^telegram\s+off/m);
  await admin('channels', 'enable', 'telegram');
  expect((await admin('channels', 'list')).stdout).toMatch(/^telegram\s+on/m);
});

test('kb validate names the problems of an invalid file and accepts a valid one', async () => {
  expect((await admin('kb', 'validate', kbFile)).stdout).toMatch(/is valid: 30 entries \(4 always go to a person\)/);
  const badFile = join(mkdtempSync(join(tmpdir(), 'admin-cli-bad-')), 'kb.yaml');
  writeFileSync(badFile, '- id: fees\n  question: Fees?\n');
  const bad = await admin('kb', 'validate', badFile);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('entry #1 "fees", field "answer": must be a non-empty string');
});

test('kb reload checks KB_FILE, imports it into Redis as a new KB version, and tells every running replica', async () => {
  const replica = connectRedis();
  const heard: string[] = [];
  try {
    await replica.subscribe(`${prefix}:kb:changed`);
    replica.on('message', (_topic, message) => heard.push(message));
    const result = await admin('kb', 'reload');
    expect(result.stdout).toContain('imported into Redis as revision 1; 1 running replica(s) asked to load it');
    const started = Date.now();
    while (!heard.length && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual(['1']);
    expect(await new KbStore(redis, prefix).current()).toMatchObject({ revision: 1, text: readFileSync(kbFile, 'utf8'), by: 'cli (kb reload)' });
    // The same file again: nothing new to import.
    expect((await admin('kb', 'reload')).stdout).toContain('already the knowledge base in Redis (revision 1)');
  } finally {
    replica.disconnect();
  }
});

test('stats prints the dashboard figures, and --json one object', async () => {
  const text = (await admin('stats')).stdout;
  expect(text).toContain('resolved by the bot');
  expect(text).toContain('abandoned or still open');
  expect(JSON.parse((await admin('stats', '--days', '7', '--json')).stdout)).toMatchObject({ window: { days: 7 }, conversations: { total: 0 }, loopsCaught: 0 });
});

test('an unknown command, channel or option gets the usage line', async () => {
  expect(await admin('channels', 'disable', 'fax')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown channel "fax"') });
  expect((await admin('nope')).stderr).toContain('usage: npm run admin --');
  expect((await admin('stats', '--days', '400')).status).toBe(2);
});
