/**
 * The admin page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): sign in, switch a
 * channel, edit an entry, try a question, see the queue and the charts. Saves a screenshot in test/artifacts/.
 */
import { eventually } from './kit/eventually';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ADMIN_TOKEN, startAdmin, type AdminFixture } from './helpers/admin-fixture';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`admin page test: skipped, ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it).`);

(haveChromium ? describe : describe.skip)('the admin page', () => {
  let f: AdminFixture;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    f = await startAdmin();
    // Something to see: conversations, a loop caught, and a customer waiting for a person.
    let n = 0;
    const say = (address: string, text: string) => f.core.handleInbound({ id: `p${++n}`, address, customer: { id: address, displayName: 'Dana Customer' }, text, sentAt: new Date() });
    await say('telegram:page-1', 'where is my refund?');
    await say('telegram:page-1', 'thanks');
    await say('telegram:page-2', 'where is my order?');
    await say('telegram:page-2', 'where is my order?');
    await f.records.open({ address: 'telegram:page-3', customer: { id: 'c3', displayName: 'Erin Waiting' }, reason: 'asked_for_person', transcript: [], requestedAt: new Date() }, new Date());
    // A resolved handoff whose question the bot could not answer: staff will teach it.
    const missed = { from: 'customer' as const, text: 'my parcel vanished into thin air', at: new Date().toISOString() };
    const { id } = await f.records.open({ address: 'telegram:page-4', customer: { id: 'c4', displayName: 'Finn' }, reason: 'low_confidence', transcript: [missed], requestedAt: new Date() }, new Date());
    await f.records.finish((await f.records.get(id))!, 'resolved', { id: 'UAGENT1', name: 'Alex Morgan' });
    // And one whose question another entry already answers: teaching it elsewhere needs "Teach anyway".
    const answered = { from: 'customer' as const, text: 'where is my refund', at: new Date().toISOString() };
    const other = await f.records.open({ address: 'telegram:page-5', customer: { id: 'c5', displayName: 'Gil' }, reason: 'asked_for_person', transcript: [answered], requestedAt: new Date() }, new Date());
    await f.records.finish((await f.records.get(other.id))!, 'resolved', { id: 'UAGENT1', name: 'Alex Morgan' });
    // A fresh, empty profile (--user-data-dir): playwright takes it as launchPersistentContext's first argument.
    profile = mkdtempSync(join(tmpdir(), 'admin-page-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1280, height: 1400 },
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await f?.close();
  });

  test('toggle a channel, edit an entry, try a question, see the queue and the charts', async () => {
    const page = await browser.newPage();
    await page.goto(`${f.base}/admin`);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#signin');
    await page.waitForSelector('#channels tr[data-channel="telegram"]');

    // Switch Telegram off, in the page and for the bot.
    await page.click('#channels tr[data-channel="telegram"] button.toggle');
    await page.waitForSelector('#channels tr[data-channel="telegram"] td.bad');
    // The switch is saved in Redis and reaches every replica (this one included) on its next refresh.
    await eventually(() => !f.switches.isEnabled('telegram'), 'telegram switched off');

    // Messages not processed: none here, and the page says so rather than showing an empty table.
    await page.waitForSelector('#dead-letters tbody tr');
    expect(await page.textContent('#dead-letters tbody')).toContain('every message was processed');

    // The queue shows the customer waiting; the dashboard draws its charts.
    await page.waitForSelector('#queue tbody tr');
    expect(await page.textContent('#queue tbody')).toContain('Erin Waiting');
    await page.waitForSelector('svg.chart');
    const charts = await page.locator('#charts figure').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-chart')));
    expect(charts).toEqual(['conversations', 'shares', 'reasons', 'claim', 'resolution', 'ratings', 'loops']);
    expect(await page.locator('#charts figure[data-chart="conversations"] rect').count()).toBeGreaterThan(0);
    expect(await page.textContent('#charts figure[data-chart="reasons"]')).toContain('repeated_question');
    const kpis = await page.textContent('#dashboard .kpis');
    expect(kpis).toContain('loops caught');
    expect(kpis).toContain('resolved by the bot (customer confirmed)');

    // An invalid edit shows its problems inline and changes nothing; a valid one is used at once.
    const original = await page.inputValue('#kbText');
    await page.fill('#kbText', original.replace(/answer: >-\n      A late fee of €5/, 'answr: >-\n      A late fee of €5'));
    await page.click('#kbSave');
    await page.waitForSelector('#kbProblems li');
    expect(await page.textContent('#kbProblems')).toContain('field "answr"');
    await page.fill('#kbText', original.replace('A late fee of €5 applies', 'A late fee of €6 applies'));
    await page.click('#kbSave');
    await page.waitForSelector('#kbStatus .saved');
    expect(readFileSync(f.kbFile, 'utf8')).toContain('€6');

    // Check examples: the draft in the editor is cross-validated on its own examples, each issue with its fix;
    // clicking one selects that entry in the editor.
    await page.click('#kbLintButton');
    await page.locator('#kbLint li', { hasText: 'fix:' }).first().waitFor();
    const lint = await page.textContent('#kbLint');
    expect(lint).toMatch(/confused .*examples of "[a-z-]+" match "[a-z-]+" instead/);
    expect(lint).toContain('fix: add examples that tell');
    await page.locator('#kbLint li', { hasText: 'fix:' }).first().click();
    const selected = await page.locator('#kbText').evaluate((area: { value: string; selectionStart: number; selectionEnd: number }) => area.value.slice(area.selectionStart, area.selectionEnd));
    expect(selected).toMatch(/id: [a-z-]+/);

    // Try a question: the decision and its confidence.
    await page.fill('#question', 'how much is the late fee?');
    await page.click('#ask');
    await page.waitForSelector('#decision p');
    const decision = await page.textContent('#decision');
    expect(decision).toMatch(/answer with late-fee · confidence \d\.\d\d/);
    expect(decision).toMatch(/Why late-fee: the words .*“late fee”.*; closest phrasing “[^”]+” \(\d\.\d\d\)/);
    expect(decision).toContain('€6');

    // Teach the bot from the resolved handoff; the question is then answered with that entry.
    const row = page.locator('#teach tr', { hasText: 'my parcel vanished into thin air' });
    await row.locator('select.entry').selectOption('delivery-status');
    await row.locator('button.teach').click();
    await page.waitForSelector('#teach span.ok');
    await page.fill('#question', 'my parcel vanished into thin air');
    await page.click('#ask');
    await page.locator('#decision', { hasText: 'delivery-status' }).waitFor();

    // Preview, then a teach that would change an existing answer: shown, not saved, until "Teach anyway".
    const conflicting = page.locator('#teach tr', { has: page.locator('span.question', { hasText: 'where is my refund' }) });
    await conflicting.locator('select.entry').selectOption('delivery-status');
    await conflicting.locator('button.preview').click();
    await conflicting.locator('ul.changes li', { hasText: 'the question taught' }).waitFor();
    const revision = f.knowledge.revision;
    await conflicting.locator('button.teach').click();
    await conflicting.locator('p.bad', { hasText: 'send confirm: true to teach anyway' }).waitFor();
    expect(f.knowledge.revision).toBe(revision);
    await conflicting.locator('button.anyway').click();
    await conflicting.locator('span.ok').waitFor();
    expect(f.knowledge.revision).toBe(revision + 1);

    // Another admin saves while this page's editor holds the older text: this page's save is refused, not applied
    // over theirs, and the editor says why.
    await page.locator('#kbInfo', { hasText: `revision ${f.knowledge.revision}` }).waitFor();
    const mine = await page.inputValue('#kbText');
    const theirs = await f.knowledge.replace(mine.replace('A late fee of €6 applies', 'A late fee of €7 applies'), 'another-admin');
    expect(theirs.ok).toBe(true);
    await page.fill('#kbText', mine.replace('A late fee of €6 applies', 'A late fee of €8 applies'));
    await page.click('#kbSave');
    await page.locator('#kbStatus .bad', { hasText: 'changed since you opened it' }).waitFor();
    expect((await f.knowledge.version()).text).toContain('€7');

    mkdirSync(join(__dirname, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(__dirname, 'artifacts', 'admin-page.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
