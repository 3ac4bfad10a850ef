/**
 * `npm run admin -- slack manifest | teams package | discord invite-url`: what each platform's set-up page wants,
 * generated from what the code uses. Run in process through runAdmin, outputs parsed as the platforms would.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { PermissionsBitField } from 'discord.js';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { runAdmin } from '../bin/admin';

const ROOT = join(__dirname, '..');

async function admin(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => (stdout += chunk));
  err.on('data', (chunk) => (stderr += chunk));
  const status = await runAdmin(args, { env: {}, out, err, connect: () => Promise.reject(new Error('generators never touch Redis')) });
  return { status, stdout, stderr };
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The bot scope each Slack Web API method we call needs (api.slack.com/methods). */
const SCOPE_OF_METHOD: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'conversations.members': ['channels:read', 'groups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'views.open': [],
  'auth.test': [],
};

describe('slack manifest', () => {
  const slackCode = [...sources(join(ROOT, 'adapters', 'slack')), ...sources(join(ROOT, 'handoff'))].join('\n');

  test('Socket Mode: every scope the code needs, the events, both slash commands, interactivity, no request URLs', async () => {
    const result = await admin('slack', 'manifest', '--socket');
    expect(result.status).toBe(0);
    const manifest = parse(result.stdout);
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const methods = [...new Set([...slackCode.matchAll(/client\.([a-z]+(?:\.[a-zA-Z]+)+)\(/g)].map((m) => m[1]))];
    expect(methods.length).toBeGreaterThan(3);
    for (const method of methods) {
      expect(SCOPE_OF_METHOD).toHaveProperty([method]);
      for (const scope of SCOPE_OF_METHOD[method]) expect(scopes).toContain(scope);
    }
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'im:history']));
    const commands = [...slackCode.matchAll(/app\.command\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command).sort()).toEqual(commands);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['message.channels', 'message.groups', 'message.im']));
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
    expect(result.stdout).not.toContain('request_url');
    expect(result.stdout).not.toMatch(/\burl:/);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  test('HTTP mode: every request URL is the bot\'s /slack/events; --json prints the same manifest as JSON', async () => {
    const yamlManifest = parse((await admin('slack', 'manifest', '--url', 'https://bot.example.com')).stdout);
    const events = 'https://bot.example.com/slack/events';
    expect(yamlManifest.settings).toMatchObject({ socket_mode_enabled: false, event_subscriptions: { request_url: events }, interactivity: { request_url: events } });
    for (const command of yamlManifest.features.slash_commands) expect(command.url).toBe(events);
    const jsonManifest = JSON.parse((await admin('slack', 'manifest', '--url', events, '--json')).stdout);
    expect(jsonManifest).toEqual(yamlManifest);
  });

  test('mistakes are named: neither or both modes, a URL that is not https', async () => {
    expect(await admin('slack', 'manifest')).toMatchObject({ status: 2, stderr: expect.stringContaining('--socket') });
    expect(await admin('slack', 'manifest', '--socket', '--url', 'https://x.example')).toMatchObject({ status: 2 });
    expect(await admin('slack', 'manifest', '--url', 'http://bot.example.com')).toMatchObject({ status: 2, stderr: expect.stringContaining('must be https') });
  });
});

describe('teams package', () => {
  const appId = '1b2c3d4e-0000-4aaa-8bbb-123456789abc';

  function pngSize(bytes: Uint8Array): [number, number] {
    const buffer = Buffer.from(bytes);
    expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(buffer.subarray(12, 16).toString('ascii')).toBe('IHDR');
    return [buffer.readUInt32BE(16), buffer.readUInt32BE(20)];
  }

  test('writes a zip with manifest.json naming the app id, and both icons at Teams\' sizes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    const result = await admin('teams', 'package', '--app-id', appId, '--out', out, '--website', 'https://shop.example.com');
    expect(result).toMatchObject({ status: 0, stdout: expect.stringContaining(out) });
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest).toMatchObject({
      manifestVersion: '1.16',
      id: appId,
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: appId, scopes: ['personal'] }],
      developer: { websiteUrl: 'https://shop.example.com', privacyUrl: 'https://shop.example.com/privacy' },
    });
    expect(pngSize(files['color.png'])).toEqual([192, 192]);
    expect(pngSize(files['outline.png'])).toEqual([32, 32]);
  });

  test('the outline icon is only white and transparent, and draws something', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    await admin('teams', 'package', '--app-id', appId, '--out', out);
    const png = Buffer.from(unzipSync(readFileSync(out))['outline.png']);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const pixels = new Set<string>();
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) pixels.add(raw.subarray(y * 129 + 1 + x * 4, y * 129 + 5 + x * 4).join(','));
    expect([...pixels].sort()).toEqual(['0,0,0,0', '255,255,255,255']);
  });

  test('an app id that is not a GUID, or a missing one, is refused with the fix', async () => {
    expect(await admin('teams', 'package', '--app-id', 'my-bot')).toMatchObject({ status: 2, stderr: expect.stringContaining('Azure Bot') });
    expect(await admin('teams', 'package')).toMatchObject({ status: 2, stderr: expect.stringContaining('--app-id') });
  });
});

describe('discord invite-url', () => {
  test('the OAuth2 URL with the bot and applications.commands scopes and the permissions the adapter needs', async () => {
    const result = await admin('discord', 'invite-url', '--client-id', '123456789012345678');
    expect(result.status).toBe(0);
    const url = new URL(result.stdout.split('\n')[0]);
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const expected = PermissionsBitField.resolve(['ViewChannel', 'SendMessages', 'ReadMessageHistory', 'CreatePublicThreads', 'SendMessagesInThreads']);
    expect(BigInt(url.searchParams.get('permissions')!)).toBe(expected);
  });

  test('a client id that is not an application id is refused', async () => {
    expect(await admin('discord', 'invite-url', '--client-id', 'mybot')).toMatchObject({ status: 2, stderr: expect.stringContaining('Application ID') });
  });
});
