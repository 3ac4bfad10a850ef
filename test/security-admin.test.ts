/**
 * Issue 14 #6–#8 (admin side): security headers on /admin, a length cap on /admin/api/try (413 with a structured
 * log line), and an ADMIN_TOKEN shorter than 24 characters keeps the admin side off.
 */
import { createHash } from 'node:crypto';
import { ADMIN_PAGE } from '../admin/page/index';
import { MAX_TRY_CHARS } from '../admin/api';
import { startAdmin, ADMIN_TOKEN, type AdminFixture } from './helpers/admin-fixture';

describe('admin side bounds', () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdmin();
  }, 60_000); // trains the demo KB's answerer: slow on a busy machine
  afterAll(() => f.close());

  it('serves /admin with CSP (the inline script by its hash), frame-ancestors none, nosniff and no referrer', async () => {
    const res = await fetch(`${f.base}/admin`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(ADMIN_PAGE)![1];
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).not.toContain("script-src 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses a /try text over the cap with 413, and answers one at the cap', async () => {
    const tooLong = await f.call('POST', '/admin/api/try', { text: 'where is my refund '.repeat(200).slice(0, MAX_TRY_CHARS + 1) });
    expect(tooLong.status).toBe(413);
    expect(tooLong.data.error).toContain(`at most ${MAX_TRY_CHARS}`);
    const atCap = await f.call('POST', '/admin/api/try', { text: 'where is my refund '.repeat(200).slice(0, MAX_TRY_CHARS) });
    expect(atCap.status).toBe(200);
  });
});

it('a short ADMIN_TOKEN keeps the admin side off', async () => {
  const short = 'x'.repeat(23);
  const f = await startAdmin({ token: short });
  try {
    expect((await f.call('GET', '/admin/api/channels', undefined, short)).status).toBe(404);
    expect((await f.call('GET', '/admin', undefined, short)).status).toBe(404);
  } finally {
    await f.close();
  }
  expect(ADMIN_TOKEN.length).toBeGreaterThanOrEqual(24);
});
