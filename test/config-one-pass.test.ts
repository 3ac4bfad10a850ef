/**
 * Configuration is read in one pass: every group pushes its problems into one EnvReader, checked once, so a
 * single start lists every mistake with its variable. NODE_ENV=production refuses unsafe development defaults.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../core/config';
import { readStartConfig } from '../bin/config';

/** `npm start` from the sources (transpiled on require, no build), with only `env`: its exit code and output. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  module._compile(outputText, filename);
};
require('./bin/start.ts');
`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', run], { cwd: join(__dirname, '..'), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    readStartConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

const SAFE_PRODUCTION = {
  NODE_ENV: 'production',
  HOST: '0.0.0.0',
  KB_FILE: 'kb/demo-shop.yaml',
  TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOP',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_STAFF_CHANNEL: 'C0123456789',
};

describe('configuration in one pass', () => {
  test('mistakes in the core, the handoff and the HTTP server are all listed at once', () => {
    const problems = problemsOf({ HANDOFF_REPAGE_AFTER: 'abc', PORT: '99999', REDACT: 'maybe' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/HANDOFF_REPAGE_AFTER="abc"/);
    expect(problems.join('\n')).toMatch(/PORT="99999" must be a whole number from 1 to 65535/);
    expect(problems.join('\n')).toMatch(/REDACT="maybe" must be one of: on, off/);
  });

  test('channel, model and log settings join the same list', () => {
    const problems = problemsOf({
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'xml',
      CHANNELS: 'telegram,whatsapp',
      TELEGRAM_BOT_TOKEN: 'nope',
      OPENAI_MODEL: 'gpt-4o',
      HISTORY_LIMIT: '1',
    });
    const text = problems.join('\n');
    for (const name of ['LOG_LEVEL', 'LOG_FORMAT', 'CHANNELS', 'TELEGRAM_BOT_TOKEN', 'OPENAI_MODEL', 'HISTORY_LIMIT']) expect(text).toContain(name);
    expect(problems).toHaveLength(6);
  });

  test('shutdown and Redis topology mistakes join the list too', () => {
    const text = problemsOf({ SHUTDOWN_TIMEOUT: 'soon', REDIS_SENTINELS: '10.0.0.1:26379', PORT: '0' }).join('\n');
    expect(text).toMatch(/SHUTDOWN_TIMEOUT="soon"/);
    expect(text).toMatch(/REDIS_SENTINEL_NAME is required with REDIS_SENTINELS/);
    expect(text).toMatch(/PORT="0"/);
  });

  test('a valid environment gives every group its settings', () => {
    const config = readStartConfig({ PORT: '8080', LOG_FORMAT: 'json', HANDOFF_REPAGE_AFTER: '30' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', channels: [], core: { logFormat: 'json', production: false }, handoff: { repageAfterMs: 30_000 } });
  });
});

describe('npm start with three mistakes', () => {
  const mistakes = { HANDOFF_REPAGE_AFTER: 'abc', PORT: '99999', REDACT: 'maybe' };

  test('lists all three and exits 1; with LOG_FORMAT=json as one JSON line naming every problem', async () => {
    const [text, json] = await Promise.all([start(mistakes), start({ ...mistakes, LOG_FORMAT: 'json' })]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/Configuration is invalid:/);
    for (const name of ['HANDOFF_REPAGE_AFTER', 'PORT', 'REDACT']) expect(text.stderr).toContain(`${name}="`);

    expect(json.code).toBe(1);
    const lines = json.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({ level: 'error', event: 'start.failed' });
    expect(record.problems).toHaveLength(3);
  }, 30_000);
});

describe('NODE_ENV=production', () => {
  test('refuses the development defaults, each with its reason and what to set', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ADMIN_TOKEN: 'change-me' });
    const text = problems.join('\n');
    expect(text).toMatch(/HOST is not set \(NODE_ENV=production\): .*HOST=0\.0\.0\.0/);
    expect(text).toMatch(/KB_FILE is not set .*demo shop/);
    expect(text).toMatch(/ADMIN_TOKEN is 9 characters .*at least 32/);
    expect(text).toMatch(/No channel is configured/);
    expect(text).toMatch(/SLACK_BOT_TOKEN is not set .*local staff console/);
    expect(problems).toHaveLength(5);
  });

  test('Teams without credentials and a Telegram webhook without a secret or TLS are refused', () => {
    const text = problemsOf({
      ...SAFE_PRODUCTION,
      CHANNELS: 'telegram,teams',
      TELEGRAM_WEBHOOK_URL: 'http://bot.example.com/telegram/webhook',
    }).join('\n');
    expect(text).toMatch(/Teams refuses to start without TEAMS_APP_ID and TEAMS_APP_PASSWORD in production/);
    expect(text).toMatch(/TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL/);
    expect(text).toMatch(/TELEGRAM_WEBHOOK_URL="http:\/\/bot\.example\.com\/telegram\/webhook" is not https/);
  });

  test('a production environment with every safe setting starts', () => {
    const config = readStartConfig({ ...SAFE_PRODUCTION, ADMIN_TOKEN: 'x'.repeat(40) });
    expect(config.core.production).toBe(true);
    expect(config.channels).toEqual(['telegram', 'slack']);
  });

  test('the same environment outside production keeps its development defaults', () => {
    expect(problemsOf({ ADMIN_TOKEN: 'change-me' })).toEqual([]);
  });
});
