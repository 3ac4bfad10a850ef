/**
 * Issue 10 #4 and #11: a hung Slack must not stall all paging, and a crashed worker's page job comes back within
 * seconds. Against the fake Slack made to hang (`FakeSlack.hang`): calls arrive but are never answered.
 */
import { spawn } from 'node:child_process';
import type { Worker } from 'bullmq';
import { LogLevel, WebClient } from '@slack/web-api';
import type Redis from 'ioredis';
import { silentLogger } from '../core/log';
import { redact } from '../core/redact';
import type { HandoffRequest } from '../core/types';
import { createSlackApp } from '../adapters/slack/app';
import { SlackStaffDesk } from '../adapters/slack/staff';
import { startPagingWorker, type PagingWorkerOptions } from '../handoff/paging-worker';
import { createPagingQueue, QueueHandoffPort } from '../handoff/queue';
import { HandoffRecords } from '../handoff/records';
import { FakeSlack } from '../fakes/fake-slack';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, REDIS_URL, uniquePrefix } from './helpers/redis';

const STAFF = 'CSTAFF01';

function request(address: string): HandoffRequest {
  return { address, customer: { id: address, displayName: 'Ana' }, reason: 'asked_for_person', transcript: [{ from: 'customer', text: 'a person please', at: new Date().toISOString() }], requestedAt: new Date() };
}

describe('paging under a hung or crashed staff desk', () => {
  let redis: Redis;
  let slack: FakeSlack;
  let prefix: string;
  const workers: Array<{ worker: Worker; connection: Redis }> = [];

  function setup(name: string, desk: SlackStaffDesk, worker: Partial<PagingWorkerOptions> = {}) {
    const queueName = `paging-${name}`;
    const records = new HandoffRecords(redis, prefix, 3600);
    const queue = createPagingQueue(redis, queueName, prefix);
    const port = new QueueHandoffPort({ queue, records, desk, redactor: redact, logger: silentLogger });
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const running = startPagingWorker({
      connection, queueName, keyPrefix: prefix, queue, records, desk, redactor: redact,
      repageAfterMs: 600_000, escalateAfterMs: 600_000, transcriptLines: 8, logger: silentLogger, ...worker,
    });
    workers.push({ worker: running, connection });
    return { records, queue, port, queueName };
  }

  beforeAll(async () => {
    redis = connectRedis();
    prefix = uniquePrefix('faults-paging');
    slack = new FakeSlack();
    await slack.start();
  });
  afterAll(async () => {
    for (const { worker, connection } of workers) {
      await worker.close(true);
      connection.disconnect();
    }
    await slack.stop();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  test('8 hung postMessage calls do not stop a 9th handoff from being paged; every handoff is paged once', async () => {
    // The product's Slack client (adapters/slack/app.ts) with a short SLACK_API_TIMEOUT.
    const { app } = createSlackApp({ botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.url, logger: silentLogger, retries: 0, timeoutMs: 300 });
    const { port, records } = setup('hung', new SlackStaffDesk({ client: app.client, staffChannel: STAFF }));
    slack.hang('chat.postMessage', 8);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      await port.requestHandoff(request(`shop:hung-${i}`));
      ids.push((await records.openIdFor(`shop:hung-${i}`))!);
    }
    await eventually(() => slack.callsTo('chat.postMessage').length >= 8, 'all 8 worker slots hung on Slack');
    await port.requestHandoff(request('shop:hung-9th'));
    const ninth = (await records.openIdFor('shop:hung-9th'))!;
    await eventually(async () => (await records.get(ninth))?.page, 'the 9th handoff paged', 5000);
    // The hung ones time out, are retried, and are paged too — each exactly once.
    for (const id of ids) await eventually(async () => (await records.get(id))?.page, `handoff ${id} paged after its retry`, 10_000);
    for (const id of [...ids, ninth]) expect(slack.postsFor(id)).toHaveLength(1);
  });

  test('a call that never returns (no client deadline) still frees its slot at the job deadline', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR }); // no timeout
    const { port, records } = setup('deadline', new SlackStaffDesk({ client, staffChannel: STAFF }), { concurrency: 1, jobTimeoutMs: 400 });
    const before = slack.callsTo('chat.postMessage').length;
    slack.hang('chat.postMessage', 1);
    await port.requestHandoff(request('shop:stuck'));
    await eventually(() => slack.callsTo('chat.postMessage').length > before, 'the first page hung');
    await port.requestHandoff(request('shop:next'));
    const next = (await records.openIdFor('shop:next'))!;
    await eventually(async () => (await records.get(next))?.page, 'the next handoff paged through the only slot', 5000);
  });
});

// A worker in a separate process, with the product's default lock settings, killed while its page call hangs.
const CHILD_WORKER = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
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
const desk = new SlackStaffDesk({ client: new WebClient('xoxb-test', { slackApiUrl: env.SLACK_URL, retryConfig: { retries: 0 } }), staffChannel: env.STAFF });
const logger = { debug() {}, info() {}, warn() {}, error(e, f) { console.error(e, f); } };
startPagingWorker({ connection: redis, queueName: env.QUEUE, keyPrefix: env.KEY_PREFIX, queue, records, desk, redactor: redact,
  repageAfterMs: 600000, escalateAfterMs: 600000, transcriptLines: 8, logger });
`;

describe('a crashed paging worker', () => {
  test("its job is re-run by another worker within ~10 s (default lock settings, not BullMQ's 30 s + 30 s)", async () => {
    const redis = connectRedis();
    const prefix = uniquePrefix('faults-crash');
    const slack = new FakeSlack();
    await slack.start();
    const queueName = 'paging-crash';
    const records = new HandoffRecords(redis, prefix, 3600);
    const queue = createPagingQueue(redis, queueName, prefix);
    const desk = new SlackStaffDesk({ client: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }), staffChannel: STAFF });
    const port = new QueueHandoffPort({ queue, records, desk, redactor: redact, logger: silentLogger });
    slack.hang('chat.postMessage', 1); // the child's call never returns
    const child = spawn(process.execPath, ['-e', CHILD_WORKER], {
      cwd: process.cwd(),
      env: { ...process.env, REDIS_URL, KEY_PREFIX: prefix, QUEUE: queueName, SLACK_URL: slack.url, STAFF },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let connection: Redis | undefined;
    let worker: Worker | undefined;
    try {
      await port.requestHandoff(request('shop:crash'));
      const id = (await records.openIdFor('shop:crash'))!;
      await eventually(() => slack.callsTo('chat.postMessage').length === 1, 'the child took the job and hung', 15_000);
      child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      connection = redis.duplicate({ maxRetriesPerRequest: null });
      worker = startPagingWorker({
        connection, queueName, keyPrefix: prefix, queue, records, desk, redactor: redact,
        repageAfterMs: 600_000, escalateAfterMs: 600_000, transcriptLines: 8, logger: silentLogger,
      });
      await eventually(async () => (await records.get(id))?.page, 'the page posted by the other worker', 12_000);
      expect(Date.now() - killedAt).toBeLessThan(10_500);
      expect(slack.postsFor(id)).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      await worker?.close(true);
      connection?.disconnect();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await slack.stop();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  }, 30_000);
});
