/**
 * Issue 10 #9: a correctly signed Slack request whose body is `null` (or `payload=null`) used to throw inside Bolt's
 * receiver, outside any handler, and kill the process. Now it gets 400, and the app keeps serving.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../core/log';
import { createSlackApp } from '../adapters/slack/app';
import { FakeSlack } from '../fakes/fake-slack';
import { WebhookServer } from '../server/http-server';

const SECRET = 'test-signing-secret';

async function signed(url: string, body: string, contentType: string): Promise<number> {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType, 'x-slack-signature': signature, 'x-slack-request-timestamp': ts } });
  await res.text();
  return res.status;
}

describe('signed Slack requests with bodies that are not objects', () => {
  let slack: FakeSlack;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    process.on('unhandledRejection', onRejection);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await slack.stop();
  });

  const event = JSON.stringify({ type: 'event_callback', team_id: 'T0001', api_app_id: 'A0001', event_id: 'Ev1', event_time: 1, event: { type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.1' } });

  async function check(url: string) {
    expect(await signed(url, 'null', 'application/json')).toBe(400);
    expect(await signed(url, 'payload=null', 'application/x-www-form-urlencoded')).toBe(400);
    expect(await signed(url, '[1,2]', 'application/json')).toBe(400);
    expect(await signed(url, event, 'application/json')).toBe(200); // and it still serves
    expect(rejections).toEqual([]);
  }

  test('mounted in our webhook server (bin/start)', async () => {
    const { requestListener } = createSlackApp({ botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.url, logger: silentLogger, retries: 0 });
    const server = new WebhookServer({ logger: silentLogger });
    server.route('POST', '/slack/events', requestListener!);
    const port = await server.listen(0);
    try {
      await check(`http://127.0.0.1:${port}/slack/events`);
    } finally {
      await server.close();
    }
  });

  test('on a plain Node server (the receiver reads the body itself, as with SLACK_PORT)', async () => {
    const { receiver } = createSlackApp({ botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.url, logger: silentLogger, retries: 0 });
    const server: Server = createServer((req, res) => (receiver as { requestListener: (q: typeof req, s: typeof res) => void }).requestListener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await check(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
