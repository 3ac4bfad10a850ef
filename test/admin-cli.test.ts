/** `npm run admin -- …` as an admin runs it (the built command against the real Redis). */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const ROOT = join(__dirname, '..');
const prefix = uniquePrefix('admin-cli');
let redis: Redis;

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  redis = connectRedis();
}, 120_000);
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const admin = (...args: string[]) =>
  spawnSync('node', [join(ROOT, 'dist', 'bin', 'admin.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KEY_PREFIX: prefix } });

test('channels disable/enable change what every replica reads, and list shows it', async () => {
  expect(admin('channels', 'disable', 'telegram').stdout).toContain('telegram is now off in every running replica.');
  expect(await redis.smembers(`${prefix}:channels:disabled`)).toEqual(['telegram']);
  expect(admin('channels', 'list').stdout).toMatch(/^telegram\s+off/m);
  admin('channels', 'enable', 'telegram');
  expect(admin('channels', 'list').stdout).toMatch(/^telegram\s+on/m);
});

test('kb validate names the problems of an invalid file and accepts a valid one', () => {
  expect(admin('kb', 'validate', join(ROOT, 'kb', 'demo-shop.yaml')).stdout).toMatch(/is valid: 30 entries \(4 always go to a person\)/);
  const bad = admin('kb', 'validate', join(ROOT, 'package.json'));
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('Knowledge base');
});

test('stats prints the dashboard figures, and --json one object', () => {
  expect(admin('stats').stdout).toContain('resolved by the bot');
  expect(JSON.parse(admin('stats', '--json').stdout)).toMatchObject({ conversations: { total: 0 }, loopsCaught: 0 });
});

test('an unknown command or channel gets the usage line', () => {
  expect(admin('channels', 'disable', 'fax')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown channel "fax"') });
  expect(admin('nope').stderr).toContain('usage: npm run admin --');
});
