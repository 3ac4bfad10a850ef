/** The KB lint on the admin API: what an admin sees next to the knowledge base, each issue with its fix. */
import { ADMIN_TOKEN, startAdmin, type AdminFixture } from './helpers/admin-fixture';

let f: AdminFixture;
beforeAll(async () => {
  f = await startAdmin();
}, 60_000);
afterAll(() => f?.close());

test('GET /admin/api/kb/lint needs the token', async () => {
  expect((await f.call('GET', '/admin/api/kb/lint', undefined, null)).status).toBe(401);
});

test('GET /admin/api/kb/lint reports duplicates and thin entries of the current KB, each with a fix', async () => {
  const kb = `entries:
  - id: refund-status
    question: Where is my refund?
    examples: [where is my refund, refund not received yet, when do I get my money back]
    answer: Refunds take 5-10 working days.
  - id: refund-time
    question: How long do refunds take?
    examples: [where is my refund]
    answer: 5-10 working days.
`;
  expect((await f.call('PUT', '/admin/api/kb', { text: kb }, ADMIN_TOKEN)).status).toBe(200);
  const { status, data } = await f.call('GET', '/admin/api/kb/lint', undefined, ADMIN_TOKEN);
  expect(status).toBe(200);
  const kinds = (data.issues as { kind: string; entryIds: string[]; fix: string }[]).map((issue) => issue.kind);
  expect(kinds).toEqual(expect.arrayContaining(['duplicate', 'few_examples']));
  for (const issue of data.issues) {
    expect(issue.entryIds.length).toBeGreaterThan(0);
    expect(issue.fix).toEqual(expect.any(String));
  }
});
