/**
 * Definitions next to each figure (issue 14, honest metrics): every KPI and chart the admin page renders, and every
 * line of `admin stats`, shows its plain-language definition from the one table (admin/metrics-definitions.ts);
 * `stats --json` adds them as `definitions` and keeps every existing field.
 *
 * The page is rendered by running its own inline script (the code the browser runs) against a small stand-in DOM
 * and API, so this holds without a browser; test/admin-page.test.ts drives the same page in Chromium.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { parseDocument, DomUtils } from 'htmlparser2';
import type Redis from 'ioredis';
import { ADMIN_PAGE } from '../admin/page/index';
import { CONVERSATION_GAP_SECONDS, definitionsForJson, definitionsForPage, KPI_KEYS, METRIC_DEFINITIONS, type MetricDefinition } from '../admin/metrics-definitions';
import type { MetricsSummary } from '../admin/metrics';
import { formatStats, runAdmin, statsLines } from '../bin/admin';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const TABLE = METRIC_DEFINITIONS as Record<string, MetricDefinition>;
const SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(ADMIN_PAGE)![1];

const SUMMARY: MetricsSummary = {
  window: { days: 2, from: '2026-01-01', to: '2026-01-02' },
  conversations: { total: 4, perDay: [{ day: '2026-01-01', count: 3 }, { day: '2026-01-02', count: 1 }] },
  perDay: [
    { day: '2026-01-01', conversations: 3, botResolved: 1, handoffs: 1, neither: 1, loopsCaught: 1 },
    { day: '2026-01-02', conversations: 1, botResolved: 0, handoffs: 1, neither: 0, loopsCaught: 0 },
  ],
  decisions: { answer: 3 },
  bot: { resolvedConfirmed: 1, resolvedShare: 0.25, abandoned: 1, abandonedShare: 0.25 },
  handoffs: { total: 2, rate: 0.5, reasons: { repeated_question: 1, asked_for_person: 1 } },
  timeToClaimSeconds: { median: 40, p90: 60, samples: 2, buckets: [{ le: 60, count: 2 }, { le: '+Inf', count: 0 }] },
  resolutionSeconds: { median: 300, p90: 300, samples: 1, buckets: [{ le: 300, count: 1 }, { le: '+Inf', count: 0 }] },
  ratings: { count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
  loopsCaught: 1,
};

/** A stand-in element: what the page's script reads and writes. */
function element() {
  return { innerHTML: '', textContent: '', value: '14', hidden: false, dataset: {} as Record<string, string>, addEventListener: () => undefined, setSelectionRange: () => undefined, focus: () => undefined };
}

/** Run the page's script signed in, with the API answering `summary` for /metrics; the dashboard's HTML. */
async function renderDashboard(summary: unknown): Promise<{ kpis: string; charts: string }> {
  const elements = new Map<string, ReturnType<typeof element>>();
  const $ = (selector: string) => elements.get(selector) ?? elements.set(selector, element()).get(selector)!;
  const answers: Record<string, unknown> = {
    '/channels': { channels: [] },
    '/handoffs': { open: [], recent: [] },
    '/kb': { entries: [], text: '', source: 'kb.yaml', version: '1' },
    '/audit': { entries: [] },
    '/dead-letters': { letters: [] },
  };
  const fetch = async (url: string) => {
    const path = url.replace('/admin/api', '').split('?')[0];
    const body = path === '/metrics' ? summary : answers[path];
    return { status: 200, json: async () => body };
  };
  runInNewContext(SCRIPT, {
    document: { querySelector: $, createElement: () => element() },
    sessionStorage: { getItem: () => 'token', setItem: () => undefined, removeItem: () => undefined },
    fetch,
    setInterval: () => 0,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    Date,
    Math,
    JSON,
    String,
    Number,
    Object,
    Promise,
  });
  for (let i = 0; i < 50 && !$('#charts').innerHTML; i++) await new Promise((resolve) => setImmediate(resolve));
  return { kpis: $('#dashboard .kpis').innerHTML, charts: $('#charts').innerHTML };
}

function definitionOf(node: Parameters<typeof DomUtils.getAttributeValue>[0]): string | undefined {
  const small = DomUtils.findOne((n) => n.name === 'small' && (DomUtils.getAttributeValue(n, 'class') ?? '').includes('definition'), [node]);
  return small ? DomUtils.textContent(small) : undefined;
}

describe('the table', () => {
  it('defines every KPI and every chart the page renders, and nothing it does not', () => {
    const kpiKeys = [...SCRIPT.matchAll(/\bkpi\('([a-z_]+)'/g)].map((m) => m[1]);
    const chartIds = [...SCRIPT.matchAll(/\b(?:columns|lines|bars|histogram)\('([a-z_]+)'/g)].map((m) => m[1]);
    expect(kpiKeys).toEqual(KPI_KEYS);
    expect(chartIds.sort()).toEqual(Object.values(TABLE).filter((d) => d.chart).map((d) => d.chart).sort());
    expect(Object.values(TABLE).every((d) => d.kpi || d.chart)).toBe(true);
  });

  it('each definition says what is counted and over which window', () => {
    for (const [key, d] of Object.entries(TABLE)) {
      expect([key, d.definition.length > 40]).toEqual([key, true]);
      expect([key, /in the window|per UTC day/i.test(d.definition)]).toEqual([key, true]);
    }
    // The episode rule is stated with the gap the metrics use.
    expect(TABLE.conversations.definition).toContain(`${CONVERSATION_GAP_SECONDS / 60} min`);
    expect(TABLE.handoff_rate.definition).toMatch(/÷ all episodes/);
  });

  it('reaches the page as JSON that cannot close the inline script', () => {
    expect(definitionsForPage()).not.toContain('<');
    expect(SCRIPT).toContain(definitionsForPage());
  });
});

describe('the admin page', () => {
  it('shows the definition under every KPI and every chart caption', async () => {
    const { kpis, charts } = await renderDashboard(SUMMARY);
    const kpiNodes = DomUtils.findAll((n) => n.name === 'div' && DomUtils.getAttributeValue(n, 'class') === 'kpi', parseDocument(kpis).children);
    const figures = DomUtils.findAll((n) => n.name === 'figure', parseDocument(charts, { decodeEntities: true }).children);
    expect(kpiNodes.map((n) => DomUtils.getAttributeValue(n, 'data-metric'))).toEqual(KPI_KEYS);
    expect(figures.map((n) => DomUtils.getAttributeValue(n, 'data-chart'))).toEqual(['conversations', 'shares', 'reasons', 'claim', 'resolution', 'ratings', 'loops']);
    for (const node of kpiNodes) expect(definitionOf(node)).toBe(TABLE[DomUtils.getAttributeValue(node, 'data-metric')!].definition);
    for (const node of figures) {
      const id = DomUtils.getAttributeValue(node, 'data-chart');
      const defined = Object.values(TABLE).find((d) => d.chart === id)!;
      expect(definitionOf(node)).toBe(defined.definition);
      // Under the caption, visible: inside <figcaption>, not a hover title.
      expect(DomUtils.findOne((n) => n.name === 'figcaption', [node])!.children.some((c) => 'name' in c && c.name === 'small')).toBe(true);
    }
    // The KPI labels come from the same table (the rating's count is added).
    expect(DomUtils.textContent(kpiNodes[KPI_KEYS.indexOf('rating')])).toContain('average rating (1)');
    expect(kpis).toContain('resolved by the bot (customer confirmed)');
  });

  it('escapes what it shows', async () => {
    const hostile = { ...SUMMARY, handoffs: { ...SUMMARY.handoffs, reasons: { '<img src=x onerror=alert(1)>': 1 } }, loopsCaught: '<b>x</b>' };
    const { kpis, charts } = await renderDashboard(hostile);
    expect(charts).not.toContain('<img');
    expect(kpis).not.toContain('<b>x</b>');
  });
});

describe('admin stats', () => {
  it('prints every figure followed by its definition', () => {
    expect(statsLines(SUMMARY).map(([key]) => key)).toEqual(KPI_KEYS);
    const text = formatStats(SUMMARY).split('\n');
    for (const [key, line] of statsLines(SUMMARY)) {
      const at = text.indexOf(line);
      expect([key, at > 0]).toEqual([key, true]);
      expect(text[at + 1].trim()).toBe(TABLE[key].definition);
    }
  });

  describe('against Redis', () => {
    const prefix = uniquePrefix('metrics-defs');
    const kbFile = join(mkdtempSync(join(tmpdir(), 'metrics-defs-kb-')), 'kb.yaml');
    let redis: Redis;
    beforeAll(() => {
      copyFileSync(join(__dirname, '..', 'kb', 'demo-shop.yaml'), kbFile);
      redis = connectRedis();
    });
    afterAll(async () => {
      await deleteKeys(redis, prefix);
      await redis.quit();
    });
    async function admin(...args: string[]): Promise<string> {
      const out = new PassThrough();
      let stdout = '';
      out.on('data', (chunk) => (stdout += chunk));
      const status = await runAdmin(args, { env: { ...process.env, KEY_PREFIX: prefix, KB_FILE: kbFile }, out, err: new PassThrough(), connect: async () => connectRedis() });
      expect(status).toBe(0);
      return stdout;
    }

    it('text: every definition of the KPI row', async () => {
      const text = await admin('stats', '--days', '3');
      for (const key of KPI_KEYS) expect(text).toContain(TABLE[key].definition);
    });

    it('--json: the existing fields unchanged, plus definitions keyed by figure', async () => {
      const json = JSON.parse(await admin('stats', '--days', '3', '--json'));
      expect(json).toMatchObject({ window: { days: 3 }, conversations: { total: 0 }, bot: { resolvedShare: 0 }, handoffs: { rate: 0 }, loopsCaught: 0 });
      expect(json.definitions).toEqual(definitionsForJson());
      expect(Object.keys(json.definitions).sort()).toEqual(Object.keys(TABLE).sort());
      expect(json.definitions.handoff_rate).toEqual({ label: 'handoff rate', definition: TABLE.handoff_rate.definition });
    });
  });
});
