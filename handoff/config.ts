/**
 * The handoff's own settings, read with the core's EnvReader so every mistake is reported together with the
 * core's at start-up. `.env.example` documents each variable.
 */
import { EnvReader, readRedactSetting } from '../core/config';
import { BusinessHours, BusinessHoursError } from './business-hours';

export interface SlackStaffConfig {
  /** SLACK_BOT_TOKEN — the bot token (xoxb-…) used to post pages. */
  botToken: string;
  /** SLACK_SIGNING_SECRET — verifies that button clicks, events and slash commands really come from Slack. */
  signingSecret: string;
  /** SLACK_STAFF_CHANNEL — channel id (C…) where staff are paged; the bot must be a member. */
  staffChannel: string;
  /** SLACK_API_URL — Web API base URL, default https://slack.com/api/ (GovSlack, proxies and tests change it). */
  apiUrl: string;
  /** SLACK_PAGE_GROUP — user group id (S…) mentioned on re-pages; default `@here`. */
  pageGroup?: string;
  /** SLACK_STAFF_GROUP — user group id (S…) whose members are staff; default: the members of SLACK_STAFF_CHANNEL. */
  staffGroup?: string;
  /** SLACK_PORT — when set, the staff side listens on this port itself (POST /slack/events); otherwise mount `requestListener`. */
  port?: number;
  /** SLACK_API_TIMEOUT (seconds, default 10) — deadline of every Slack Web API call, so a hung Slack never holds a paging slot. */
  apiTimeoutMs?: number;
  /** SLACK_APP_TOKEN — app-level token (xapp-…, scope connections:write): Socket Mode, no public URL or signing secret. */
  appToken?: string;
}

export interface HandoffConfig {
  /** HANDOFF_QUEUE — BullMQ queue name (default `handoff`); several bots in one Redis need different names. */
  queueName: string;
  /** HANDOFF_REPAGE_AFTER (seconds, default 120) — still unclaimed this long after the page → re-page. */
  repageAfterMs: number;
  /** HANDOFF_ESCALATE_AFTER (seconds, default 120) — still unclaimed this long after the re-page → louder escalation. */
  escalateAfterMs: number;
  /** HANDOFF_GIVE_UP_AFTER (seconds, default 900) — still unclaimed this long after the page → the customer is told nobody is free and may leave a message. */
  giveUpAfterMs?: number;
  /** BUSINESS_HOURS — e.g. `Mon-Fri 09:00-18:00 Europe/Paris`; unset = staff always available. */
  businessHours?: BusinessHours;
  /** REDACT (default on; shared with the core: core/config.ts) — mask personal data in what staff see and what is stored. */
  redact: boolean;
  /** HANDOFF_RECORD_RETENTION_DAYS (default 90) — how long finished handoff records are kept for metrics. */
  recordRetentionSeconds: number;
  /** HANDOFF_TRANSCRIPT_LINES (default 8) — how many last transcript lines a page shows. */
  transcriptLines: number;
  /** HANDOFF_WORKER (default on) — run a paging worker in this process; turn off in processes that only produce. */
  runWorker: boolean;
  /** STAFF_REPLY_ATTEMPTS (default 10) — attempts at delivering a staff reply before staff see "not delivered". */
  staffReplyAttempts?: number;
  /** STAFF_REPLY_BACKOFF_MS (default 500) — delay before the second attempt, doubling (10 attempts ≈ 4 min). */
  staffReplyBackoffMs?: number;
  /** Set when SLACK_BOT_TOKEN is set; otherwise staff use the local console. */
  slack?: SlackStaffConfig;
}

type Env = Record<string, string | undefined>;

/** With a shared `reader` problems are only collected there (the caller checks once); without one this checks itself. */
export function readHandoffConfig(env: Env = process.env, shared?: EnvReader): HandoffConfig {
  const reader = shared ?? new EnvReader(env);
  let businessHours: BusinessHours | undefined;
  const hoursSpec = reader.optional('BUSINESS_HOURS');
  if (hoursSpec) {
    try {
      businessHours = BusinessHours.parse(hoursSpec);
    } catch (err) {
      reader.problems.push(err instanceof BusinessHoursError ? err.message : String(err));
    }
  }
  const config: HandoffConfig = {
    queueName: reader.string('HANDOFF_QUEUE', 'handoff'),
    repageAfterMs: reader.integer('HANDOFF_REPAGE_AFTER', 120, 1, 24 * 3600) * 1000,
    escalateAfterMs: reader.integer('HANDOFF_ESCALATE_AFTER', 120, 1, 24 * 3600) * 1000,
    giveUpAfterMs: reader.integer('HANDOFF_GIVE_UP_AFTER', 900, 1, 7 * 24 * 3600) * 1000,
    businessHours,
    redact: readRedactSetting(reader),
    recordRetentionSeconds: reader.integer('HANDOFF_RECORD_RETENTION_DAYS', 90, 1, 3650) * 24 * 3600,
    transcriptLines: reader.integer('HANDOFF_TRANSCRIPT_LINES', 8, 1, 50),
    runWorker: reader.oneOf('HANDOFF_WORKER', 'on', ['on', 'off'] as const) === 'on',
    staffReplyAttempts: reader.integer('STAFF_REPLY_ATTEMPTS', 10, 1, 100),
    staffReplyBackoffMs: reader.integer('STAFF_REPLY_BACKOFF_MS', 500, 1, 600_000),
  };
  if (config.queueName.includes(':')) reader.problems.push(`HANDOFF_QUEUE="${config.queueName}" must not contain ":" (BullMQ uses it as a separator).`);

  const botToken = reader.optional('SLACK_BOT_TOKEN');
  if (botToken) {
    const signingSecret = reader.optional('SLACK_SIGNING_SECRET');
    const staffChannel = reader.optional('SLACK_STAFF_CHANNEL');
    const appToken = reader.optional('SLACK_APP_TOKEN');
    if (appToken && !appToken.startsWith('xapp-')) reader.problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write).');
    if (!signingSecret && !appToken) reader.problems.push('SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN: copy it from your Slack app\'s "Basic Information" page, or set SLACK_APP_TOKEN for Socket Mode.');
    if (!staffChannel) reader.problems.push('SLACK_STAFF_CHANNEL is required with SLACK_BOT_TOKEN: the id (C…) of the channel where staff are paged; invite the bot there.');
    const port = reader.optional('SLACK_PORT') ? reader.integer('SLACK_PORT', 3000, 1, 65535) : undefined;
    config.slack = {
      botToken,
      signingSecret: signingSecret ?? '',
      staffChannel: staffChannel ?? '',
      apiUrl: reader.url('SLACK_API_URL', 'https://slack.com/api/', ['https:', 'http:']),
      pageGroup: reader.optional('SLACK_PAGE_GROUP'),
      apiTimeoutMs: reader.integer('SLACK_API_TIMEOUT', 10, 1, 120) * 1000,
      staffGroup: reader.optional('SLACK_STAFF_GROUP'),
      port,
      appToken,
    };
  }
  if (!shared) reader.check();
  return config;
}
