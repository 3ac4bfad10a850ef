/**
 * What each dashboard figure counts, in plain words: one table, read by the admin page (a muted line under every
 * KPI and chart caption), by `npm run admin -- stats` (a line under every figure) and by `stats --json`
 * (`definitions`, keyed like this table). Change a definition here and every place shows the new one.
 *
 * Every figure is about a window of whole UTC days, today included (the page's day picker, `stats --days`).
 * A conversation is one episode (admin/metrics.ts): it starts with the customer's first message after
 * CONVERSATION_GAP_SECONDS without one, or after the previous episode ended (the customer confirmed an answer, or
 * it was handed to a person), and is counted on the day it started.
 */

/** Silence after which the next message starts a new conversation (episode) for metrics. */
export const CONVERSATION_GAP_SECONDS = 30 * 60;

const GAP = `${CONVERSATION_GAP_SECONDS / 60} min`;
const EPISODE = `an episode starts with the first message after ${GAP} without one, or after the previous episode ended (a confirmation or a handoff)`;

export interface MetricDefinition {
  /** The figure's name as the page and `admin stats` show it. */
  label: string;
  /** What is counted, per what, over which window. */
  definition: string;
  /** Shown in the page's KPI row (and as a line of `admin stats`). */
  kpi?: true;
  /** The page's chart (figure `data-chart` id) this defines. */
  chart?: string;
}

export const METRIC_DEFINITIONS = {
  conversations: {
    label: 'conversations',
    kpi: true,
    definition: `Episodes started in the window (UTC days, today included); ${EPISODE}. One customer can have several.`,
  },
  resolved_by_bot: {
    label: 'resolved by the bot (customer confirmed)',
    kpi: true,
    definition:
      'Episodes where the customer confirmed a bot answer helped (thanks or goodbye after an answer) and that were not handed to a person ÷ all episodes started in the window. An answer without a confirmation is not counted.',
  },
  abandoned: {
    label: 'abandoned or still open (not counted as resolved)',
    kpi: true,
    definition: 'Episodes with neither a confirmation nor a handoff (the customer went quiet, or is still talking) ÷ all episodes started in the window.',
  },
  handoff_rate: {
    label: 'handoff rate',
    kpi: true,
    definition: `Episodes handed to a person, for any reason ÷ all episodes started in the window; ${EPISODE}. An episode counts once, so the rate never exceeds 100 %.`,
  },
  time_to_claim: {
    label: 'time to claim, median / p90',
    kpi: true,
    definition:
      'Handoffs requested in the window that staff claimed: time from paging staff (the request, or the next opening outside business hours) to the claim; the median and the 90th percentile.',
  },
  resolution_time: {
    label: 'resolution, median / p90',
    kpi: true,
    definition:
      'Handoffs requested in the window that staff resolved: time from the request to staff resolving it (returned to the bot or withdrawn ones are left out); the median and the 90th percentile.',
  },
  rating: {
    label: 'average rating',
    kpi: true,
    definition: 'Mean of the 1–5 stars customers gave after a person helped them, over the ratings given in the window (their number in brackets).',
  },
  loops_caught: {
    label: 'loops caught',
    kpi: true,
    definition: 'Times in the window a customer asked the same question again after the bot answered it, and was sent to a person instead of getting the same answer.',
  },
  conversations_per_day: {
    label: 'Conversations per day',
    chart: 'conversations',
    definition:
      'Episodes per UTC day they started, by outcome: resolved by the bot (customer confirmed), handed off, or neither (abandoned or still open). The three parts add up to the day’s episodes.',
  },
  shares_per_day: {
    label: 'Bot-resolved share and handoff rate',
    chart: 'shares',
    definition: 'Per UTC day: episodes resolved by the bot (confirmed) ÷ that day’s episodes, and episodes handed off ÷ that day’s episodes; no point on a day without episodes. Never above 100 %.',
  },
  handoff_reasons: {
    label: 'Handoff reasons',
    chart: 'reasons',
    definition: 'Handoffs in the window by the rule that sent the episode to a person (one reason per handoff).',
  },
  time_to_claim_histogram: {
    label: 'Time to claim',
    chart: 'claim',
    definition: 'Handoffs requested in the window that staff claimed, by time from paging staff to the claim.',
  },
  resolution_time_histogram: {
    label: 'Resolution time',
    chart: 'resolution',
    definition: 'Handoffs requested in the window that staff resolved, by time from the request to the resolution.',
  },
  ratings_distribution: {
    label: 'Ratings',
    chart: 'ratings',
    definition: 'Ratings customers gave in the window after a person helped them, by number of stars (1–5).',
  },
  loops_per_day: {
    label: 'Loops caught per day',
    chart: 'loops',
    definition: 'Per UTC day: repeated questions (asked again after the bot answered) sent to a person instead of answered again.',
  },
} satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRIC_DEFINITIONS;

const ENTRIES = Object.entries(METRIC_DEFINITIONS) as [MetricKey, MetricDefinition][];

/** The KPI row's figures (and the lines of `admin stats`), in the order shown. */
export const KPI_KEYS = ENTRIES.filter(([, d]) => d.kpi).map(([key]) => key);

/** What `stats --json` adds as `definitions`: every figure's label and definition, keyed like the table. */
export function definitionsForJson(): Record<MetricKey, { label: string; definition: string }> {
  return Object.fromEntries(ENTRIES.map(([key, d]) => [key, { label: d.label, definition: d.definition }])) as Record<MetricKey, { label: string; definition: string }>;
}

/**
 * The table as the page's script reads it: `kpi[key]` → {label, definition} and `chart[data-chart id]` →
 * definition. JSON with `<` escaped, so it is safe inside the inline <script> whatever the text says.
 */
export function definitionsForPage(): string {
  const kpi = Object.fromEntries(ENTRIES.filter(([, d]) => d.kpi).map(([key, d]) => [key, { label: d.label, definition: d.definition }]));
  const chart = Object.fromEntries(ENTRIES.filter(([, d]) => d.chart).map(([, d]) => [d.chart!, d.definition]));
  return JSON.stringify({ kpi, chart }).replace(/</g, '\\u003c');
}
