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

test("POST /admin/api/kb/lint checks the editor's draft without saving it; an invalid draft gets its problems", async () => {
  const before = (await f.call('GET', '/admin/api/kb', undefined, ADMIN_TOKEN)).data.version;
  const draft = `entries:
  - id: card-lost
    question: I lost my card
    examples: [I lost my card, my card is gone, I can't find my card, lost card]
    answer: Freeze it in the app.
  - id: card-lost-abroad
    question: I lost my card abroad
    examples: [I lost my card abroad, my card is gone abroad, I can't find my card abroad, lost card abroad]
    answer: Freeze it in the app, then call us.
`;
  const { status, data } = await f.call('POST', '/admin/api/kb/lint', { text: draft }, ADMIN_TOKEN);
  expect(status).toBe(200);
  const confused = (data.issues as { kind: string; entryIds: string[]; fix: string }[]).filter((issue) => issue.kind === 'confused');
  expect(confused.length).toBeGreaterThan(0);
  expect(confused[0].entryIds.sort()).toEqual(['card-lost', 'card-lost-abroad']);
  expect(confused[0].fix).toMatch(/add examples that tell/);
  expect((await f.call('GET', '/admin/api/kb', undefined, ADMIN_TOKEN)).data.version).toBe(before);

  const invalid = await f.call('POST', '/admin/api/kb/lint', { text: 'entries:\n  - id: x\n    question: hi\n' }, ADMIN_TOKEN);
  expect(invalid.status).toBe(422);
  expect(JSON.stringify(invalid.data.problems)).toContain('answer');
});
