/**
 * A paging worker killed (SIGKILL, a real separate process) after Slack accepted its page but before it could
 * record it: after restart the page exists exactly once, adopted rather than posted again.
 */
import { spawn } from 'node:child_process';
import { createLogger, silentLogger } from '../core/log';
import { CHOICE_PERSON } from '../core/replies';
import { SlackStaffDesk } from '../adapters/slack/staff';
import { startPagingWorker } from '../handoff/paging-worker';
import { redact } from '../core/redact';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';

// The child runs our TypeScript sources directly, transpiled on require (no build step, no extra dependency).
const CHILD_WORKER = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  module._compile(outputText, filename);
};
const Redis = require('ioredis');
const { WebClient } = require('@slack/web-api');
const { startPagingWorker } = require('./handoff/paging-worker.ts');
const { createPagingQueue } = require('./handoff/queue.ts');
const { HandoffRecords } = require('./handoff/records.ts');
const { SlackStaffDesk } = require('./adapters/slack/staff.ts');
const { redact } = require('./core/redact.ts');
const env = process.env;
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const records = new HandoffRecords(redis, env.KEY_PREFIX, 3600);
const queue = createPagingQueue(redis, env.QUEUE, env.KEY_PREFIX);
const desk = new SlackStaffDesk({ client: new WebClient('xoxb-test', { slackApiUrl: env.SLACK_URL, retryConfig: { retries: 0 } }), staffChannel: env.STAFF_CHANNEL });
const logger = { debug() {}, info() {}, warn() {}, error(e, f) { console.error(e, f); } };
startPagingWorker({ connection: redis, queueName: env.QUEUE, keyPrefix: env.KEY_PREFIX, queue, records, desk, redactor: redact,
  repageAfterMs: 60000, escalateAfterMs: 60000, transcriptLines: 8, logger, lockDuration: 1000, stalledInterval: 500 });
process.stdout.write('ready\\n');
`;

describe('a paging worker killed mid-job', () => {
  let h: Harness;

  /** An in-process worker standing in for the restarted process. */
  function restartWorker(onPaged: (handoffId: string, adopted: boolean) => void) {
    const connection = h.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = startPagingWorker({
      connection,
      queueName: h.config.queueName,
      keyPrefix: h.keyPrefix,
      queue: h.handoff.queue,
      records: h.handoff.records,
      desk: new SlackStaffDesk({ client: h.staffSlack!.app.client, staffChannel: STAFF_CHANNEL }),
      redactor: redact,
      repageAfterMs: 60_000,
      escalateAfterMs: 60_000,
      transcriptLines: 8,
      logger: process.env.DEBUG_CRASH ? createLogger('debug') : silentLogger,
      stalledInterval: 300,
      onPaged: (handoffId, _page, wasAdopted) => onPaged(handoffId, wasAdopted),
    });
    return { worker, connection };
  }

  beforeAll(async () => {
    h = await startHarness({ config: { runWorker: false } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('after restart, the page exists exactly once', async () => {
    const slack = h.slack!;
    slack.hold('chat.postMessage'); // Slack takes the page, but the answer never reaches the worker
    const child = spawn(process.execPath, ['-e', CHILD_WORKER], {
      cwd: process.cwd(),
      env: { ...process.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', KEY_PREFIX: h.keyPrefix, QUEUE: h.config.queueName, SLACK_URL: slack.url, STAFF_CHANNEL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await h.say('shop:crash', 'I need help with a charge of 4111-1111-1111-1111');
      await h.say('shop:crash', 'Talk to a person', CHOICE_PERSON);
      const id = await eventually(() => h.handoff.records.openIdFor('shop:crash'), 'handoff opened');
      await eventually(() => slack.postsFor(id).length === 1, 'the child posted the page', 15_000);
      expect((await h.handoff.records.get(id))!.page).toBeUndefined(); // not recorded: the worker is stuck mid-job
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    slack.release('chat.postMessage');

    // A fresh worker (the "restart") picks up the stalled job once its lock expires.
    const id = (await h.handoff.records.openIdFor('shop:crash'))!;
    const adopted: string[] = [];
    const { worker, connection } = restartWorker((handoffId, wasAdopted) => wasAdopted && adopted.push(handoffId));
    try {
      const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page recorded after restart', 15_000);
      expect(slack.postsFor(id)).toHaveLength(1);
      expect(page.ts).toBe(slack.postsFor(id)[0].ts);
      // The worker tells it adopted the page after recording it and posting later lines to its thread.
      await eventually(() => adopted.length > 0, 'the worker reported the page adopted');
      expect(adopted).toEqual([id]);
      // And the job is done: nothing left to page it again.
      await eventually(async () => (await h.handoff.queue.getJob(`page-${id}`))?.finishedOn, 'job completed');
      expect(slack.postsFor(id)).toHaveLength(1);
    } catch (err) {
      if (process.env.DEBUG_CRASH) console.log(await h.handoff.queue.getJobCounts(), await h.handoff.records.get(id), slack.calls.slice(-5));
      throw err;
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it('killed after recording its intent but before Slack got the page: the restart posts it, once', async () => {
    await h.say('shop:crash-early', 'Talk to a person', CHOICE_PERSON);
    const id = (await h.handoff.records.openIdFor('shop:crash-early'))!;
    await h.handoff.records.markIntent(id, 'page', 1); // what the dead worker left behind
    const paged: Array<[string, boolean]> = [];
    const { worker, connection } = restartWorker((handoffId, wasAdopted) => paged.push([handoffId, wasAdopted]));
    try {
      await eventually(async () => (await h.handoff.records.get(id))?.page, 'page recorded');
      expect(h.slack!.postsFor(id)).toHaveLength(1);
      expect(paged).toEqual([[id, false]]);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });
});
