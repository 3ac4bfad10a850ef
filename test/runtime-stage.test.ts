/**
 * The Dockerfile's runtime stage, performed here without a container engine: a fresh directory gets only what
 * that stage copies (package.json, package-lock.json, .npmrc, the compiled dist/ with its .lua scripts, kb/),
 * `npm ci --omit=dev --ignore-scripts --offline` installs production dependencies from npm's local cache (no
 * TypeScript), and `node dist/bin/start.js` with NODE_ENV=production serves /healthz — asked by the Dockerfile's
 * own HEALTHCHECK command — and stops on SIGTERM. Telegram and Slack are local fakes; Redis is the shared one.
 *
 * Skipped, saying why, only when npm cannot install offline (a package missing from the local cache).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from '../fakes/fake-slack';
import { FakeTelegram } from '../fakes/fake-telegram';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const ROOT = join(__dirname, '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const runtimeStage = DOCKERFILE.slice(DOCKERFILE.indexOf(' AS runtime'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', () => resolve(0))
      .on('timeout', function (this: { destroy(): void }) {
        this.destroy();
      });
  });
}

/** The HEALTHCHECK's exec-form command, as the container engine would run it. */
function healthcheckCommand(): string[] {
  const match = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(DOCKERFILE);
  if (!match) throw new Error('no HEALTHCHECK ... CMD [...] in the Dockerfile');
  return JSON.parse(match[1]);
}

describe('the Dockerfile', () => {
  test('builds with dev dependencies, runs production dependencies only, as a non-root user, node as the command', () => {
    expect(DOCKERFILE).toMatch(/FROM node:20[^\n]* AS build[\s\S]*RUN npm ci --ignore-scripts[\s\S]*RUN npm run build/);
    expect(runtimeStage).toMatch(/NODE_ENV=production/);
    expect(runtimeStage).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(runtimeStage).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtimeStage).toMatch(/COPY kb \.\/kb/);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/^CMD \["node", "dist\/bin\/start\.js"\]$/m);
    expect(healthcheckCommand()[0]).toBe('node');
    expect(healthcheckCommand().join(' ')).toContain('/healthz');
  });
});

describe('the runtime stage, performed on a fresh copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-stage-'));
  const telegram = new FakeTelegram();
  const slack = new FakeSlack();
  const redis = connectRedis();
  const prefix = uniquePrefix('runtime');
  let bot: ChildProcess | undefined;

  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await telegram.stop();
    await slack.stop();
    await deleteKeys(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  test('npm ci --omit=dev on the compiled output starts, answers /healthz and stops on SIGTERM', async () => {
    // The compiled output: dist/ when it is what the sources compile to (CI's npm ci builds it through "prepare"),
    // else compiled here into the copy (never rewriting the shared dist/ other tests may be reading).
    if (spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-build.js')], { cwd: ROOT }).status === 0) {
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'dist', 'test')) });
    } else {
      const tsc = require.resolve('typescript/bin/tsc');
      const built = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(dir, 'dist')], { cwd: ROOT, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`the TypeScript does not compile:\n${built.stdout}${built.stderr}`);
      require(join(ROOT, 'scripts', 'build-info.js')).copyLua(ROOT, join(dir, 'dist'));
    }
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(ROOT, file), join(dir, file));
    cpSync(join(ROOT, 'kb'), join(dir, 'kb'), { recursive: true });
    expect(existsSync(join(dir, 'dist', 'core', 'scripts'))).toBe(true); // the .lua scripts travel with dist/

    const install = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    if (install.status !== 0) {
      if (/ENOTCACHED/.test(install.stderr)) {
        console.warn(`SKIPPED the runtime-stage run: npm cannot install offline here (a package is missing from npm's cache):\n${install.stderr.split('\n').slice(0, 3).join('\n')}`);
        return;
      }
      throw new Error(`npm ci --omit=dev failed:\n${install.stderr}`);
    }
    expect(existsSync(join(dir, 'node_modules', 'ioredis'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', 'typescript'))).toBe(false);

    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_FORMAT: 'json',
      KB_FILE: 'kb/demo-shop.yaml',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      KEY_PREFIX: prefix,
      HANDOFF_QUEUE: `handoff-${prefix.replace(/:/g, '-')}`,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: await telegram.start(),
      SLACK_BOT_TOKEN: 'xoxb-runtime',
      SLACK_SIGNING_SECRET: 'runtime-secret',
      SLACK_STAFF_CHANNEL: 'C0STAFF',
      SLACK_API_URL: await slack.start(),
      ADMIN_TOKEN: 'r'.repeat(40),
    };
    const started = Date.now();
    bot = spawn(process.execPath, ['dist/bin/start.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    bot.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    bot.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => bot!.on('exit', (code) => resolve(code)));

    await eventually(async () => {
      if (bot!.exitCode !== null) return true; // reported below with its output
      return (await healthz(port)) === 200;
    }, '/healthz to answer 200', 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- bot output ---\n${output}`);
    });
    if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}):\n${output}`);
    expect(Date.now() - started).toBeLessThan(20_000);

    // The container engine's health probe: the Dockerfile's HEALTHCHECK command, run as written.
    const [command, ...args] = healthcheckCommand();
    expect(spawnSync(command === 'node' ? process.execPath : command, args, { env: { ...env }, timeout: 10_000 }).status).toBe(0);

    // Logs are JSON lines (LOG_FORMAT=json).
    const lines = output.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.any(String), event: expect.any(String) });
    expect(lines.map((l) => JSON.parse(l).event)).toContain('channel.started');

    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 150_000);
});
