/**
 * The adapter kit: addresses built and read in one place, the one send-in-parts loop, each platform's error
 * classifier (status and error codes, never error names), the core's rule for what counts as readable text, and
 * the agent label.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { GrammyError, HttpError } from 'grammy';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { decodeAddress, encodeAddress, InvalidAddressError } from '../core/address';
import { isPermanent } from '../core/errors';
import { readableText } from '../core/inbound';
import { agentMessageText, CHOICE_PERSON } from '../core/replies';
import { classifyStatus, sendInParts, splitToFit } from '../adapters/shared/send-parts';
import { classify as telegram } from '../adapters/telegram/telegram-adapter';
import { classify as discord } from '../adapters/discord/discord-adapter';
import { classify as teams } from '../adapters/teams/teams-adapter';
import { classify as slack } from '../adapters/slack/customers';

describe('addresses', () => {
  test.each([
    [['12345']],
    [['a:1customer-personal-chat']],
    [['19:meeting_abc@thread.v2']],
    [['C01', '1700000000.000100']],
    [['a:b:c', ':', 'x%3Ay', '100%']],
  ])('%j round-trips exactly', (parts) => {
    const address = encodeAddress('demo', parts);
    expect(address.startsWith('demo:')).toBe(true);
    expect(address.slice('demo:'.length).split(':')).toHaveLength(parts.length);
    expect(decodeAddress('demo', address, { min: 1, max: 4 })).toEqual(parts);
  });

  test('ids without ":" or "%" read exactly as before', () => {
    expect(encodeAddress('telegram', ['12345'])).toBe('telegram:12345');
    expect(encodeAddress('slack', ['C01', '1700000000.000100'])).toBe('slack:C01:1700000000.000100');
    expect(encodeAddress('teams', ['a:1x'])).toBe('teams:a%3A1x');
  });

  test('another platform\'s address is refused naming both platforms; a malformed one names the expected shape', () => {
    expect(() => decodeAddress('telegram', 'discord:123')).toThrow(/"discord:123" is not a telegram address: it belongs to platform "discord"/);
    expect(() => decodeAddress('telegram', 'nonsense')).toThrow(/not a telegram address: it names no platform/);
    expect(() => decodeAddress('slack', 'slack:C1:2:3', { min: 1, max: 2, describe: '<channel>[:<thread ts>]' })).toThrow(/expected "slack:<channel>\[:<thread ts>\]"/);
    expect(() => decodeAddress('telegram', 'telegram:')).toThrow(InvalidAddressError);
    expect(() => encodeAddress('telegram', [''])).toThrow(/non-empty/);
    // Retrying a send to a wrong address cannot help.
    expect(isPermanent(new InvalidAddressError('x'))).toBe(true);
  });
});

describe('sending in parts', () => {
  const transient = Object.assign(new Error('503'), { status: 503 });
  const classify = (error: unknown) => classifyStatus((error as { status?: number }).status, (error as { retryAfterMs?: number }).retryAfterMs);

  test('buttons go on the last part only, and a part that failed is retried without resending the parts delivered', async () => {
    const delivered: { text: string; choices?: string[] }[] = [];
    let failures = 1;
    const text = Array.from({ length: 40 }, (_, i) => `Line ${i} of a long answer.`).join('\n');
    await sendInParts(
      { text, choices: [{ id: CHOICE_PERSON, label: 'Talk to a person' }] },
      {
        what: 'test.send',
        limit: { chars: 300 },
        baseDelayMs: 1,
        classify,
        sendPart: async (part, choices) => {
          if (delivered.length === 1 && failures-- > 0) throw transient;
          delivered.push({ text: part, choices: choices?.map((c) => c.id) });
        },
      },
    );
    expect(delivered.length).toBeGreaterThan(2);
    expect(new Set(delivered.map((d) => d.text)).size).toBe(delivered.length);
    expect(delivered.slice(0, -1).every((d) => d.choices === undefined)).toBe(true);
    expect(delivered.at(-1)!.choices).toEqual([CHOICE_PERSON]);
    expect(delivered.map((d) => d.text).join('\n')).toBe(text);
  });

  test('a staff member\'s message goes out under their name, in the wording core/replies.ts owns', async () => {
    const sent: string[] = [];
    await sendInParts({ text: 'Hi!', sender: { kind: 'agent', name: 'Alex Morgan' } }, { what: 't', limit: { chars: 100 }, classify, sendPart: async (t) => void sent.push(t) });
    expect(sent).toEqual([agentMessageText('Alex Morgan', 'Hi!')]);
    expect(sent[0]).toBe('Alex Morgan (support): Hi!');
  });

  test('a permanent error stops at once; a platform\'s retry-after is honoured', async () => {
    let calls = 0;
    const forbidden = Object.assign(new Error('403'), { status: 403 });
    await expect(sendInParts({ text: 'x' }, { what: 't', limit: { chars: 100 }, classify, sendPart: async () => { calls += 1; throw forbidden; } })).rejects.toBe(forbidden);
    expect(calls).toBe(1);

    calls = 0;
    const started = Date.now();
    const limited = Object.assign(new Error('429'), { status: 429, retryAfterMs: 200 });
    await sendInParts({ text: 'x' }, { what: 't', limit: { chars: 100 }, baseDelayMs: 1, classify, sendPart: async () => { if (++calls === 1) throw limited; } });
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  test('a byte limit splits text that takes several bytes a character', () => {
    const parts = splitToFit('Строка длинного ответа. '.repeat(200), { chars: 2000, bytes: 1000 });
    expect(parts.length).toBeGreaterThan(4);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(1000);
  });
});

describe('one permanent-error rule, read from each SDK\'s status and codes', () => {
  test('the shared status rule', () => {
    for (const status of [400, 401, 403, 404, 413]) expect(classifyStatus(status)).toEqual({ permanent: true });
    for (const status of [429, 500, 502, 503, undefined]) expect(classifyStatus(status).permanent).toBe(false);
    expect(classifyStatus(429, 3000)).toEqual({ permanent: false, retryAfterMs: 3000 });
  });

  test('Telegram (grammY): error_code and parameters.retry_after', () => {
    const api = (error_code: number, parameters = {}) => new GrammyError('x', { ok: false, error_code, description: 'd', parameters }, 'sendMessage', {});
    expect(telegram(api(403))).toEqual({ permanent: true });
    expect(telegram(api(400))).toEqual({ permanent: true });
    expect(telegram(api(429, { retry_after: 2 }))).toEqual({ permanent: false, retryAfterMs: 2000 });
    expect(telegram(api(502)).permanent).toBe(false);
    expect(telegram(new HttpError('network', new Error('ECONNRESET'))).permanent).toBe(false);
  });

  test('Discord (discord.js): DiscordAPIError/HTTPError status, RateLimitError retryAfter', () => {
    const api = (status: number, code: number) => new DiscordAPIError({ code, message: 'm' }, code, status, 'POST', '/channels/1/messages', { body: {} });
    expect(discord(api(403, 50007))).toEqual({ permanent: true }); // cannot send messages to this user
    expect(discord(api(404, 10003))).toEqual({ permanent: true }); // unknown channel
    expect(discord(new HTTPError(503, 'Service Unavailable', 'POST', '/x', { body: {} })).permanent).toBe(false);
    const limited = new RateLimitError({ timeToReset: 1500, limit: 5, method: 'POST', hash: 'h', url: '/x', route: '/x', majorParameter: '1', global: false, retryAfter: 1500, sublimitTimeout: 0, scope: 'user' });
    expect(discord(limited)).toEqual({ permanent: false, retryAfterMs: 1500 });
    expect(discord(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).permanent).toBe(false);
  });

  test('Teams (botbuilder): statusCode and Retry-After', () => {
    const rest = (statusCode: number, retryAfter?: string) => Object.assign(new Error('x'), { statusCode, response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });
    expect(teams(rest(403))).toEqual({ permanent: true });
    expect(teams(rest(413))).toEqual({ permanent: true });
    expect(teams(rest(429, '2'))).toEqual({ permanent: false, retryAfterMs: 2000 });
    expect(teams(rest(500)).permanent).toBe(false);
    expect(teams(new Error('ECONNREFUSED')).permanent).toBe(false);
  });

  test('Slack (@slack/web-api): platform error codes, HTTP status, rate limits', () => {
    const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });
    for (const code of ['channel_not_found', 'msg_too_long', 'not_in_channel', 'invalid_auth', 'is_archived']) expect(slack(platform(code))).toEqual({ permanent: true });
    for (const code of ['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable']) expect(slack(platform(code)).permanent).toBe(false);
    expect(slack(new WebAPIRateLimitedError(3))).toEqual({ permanent: false, retryAfterMs: 3000 });
    expect(slack(new WebAPIHTTPError(404, 'Not Found', {})).permanent).toBe(true);
    expect(slack(new WebAPIHTTPError(503, 'Unavailable', {})).permanent).toBe(false);
    expect(slack(new WebAPIRequestError(new Error('ECONNRESET'))).permanent).toBe(false);
  });
});

describe('what the core can read', () => {
  test.each([
    ['plain text', { text: 'hello' }, true],
    ['a photo with a caption: the caption is the text', { text: 'it arrived broken', attachments: [{ kind: 'image' as const }] }, true],
    ['a photo without text', { text: '', attachments: [{ kind: 'image' as const }] }, false],
    ['a sticker with only spaces', { text: '  ', attachments: [{ kind: 'sticker' as const }] }, false],
    ['an empty message without attachments (the answerer asks for the question)', { text: '' }, true],
    ['a button click', { text: 'Talk to a person', choiceId: CHOICE_PERSON }, true],
  ])('%s', (_what, message, readable) => {
    expect(readableText(message)).toEqual({ text: message.text, readable });
  });
});
