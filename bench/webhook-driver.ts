/**
 * The world outside the bot, for the webhook benchmark (bench/webhook-bench.ts), in its own process: the load
 * driver (keep-alive HTTP POSTs, N in flight) and the fake Telegram Bot API the bot replies to. Measuring from a
 * separate process is how an operator sees the bot (the driver's and the fake's CPU is not charged to the bot),
 * and the bare Node HTTP server is measured by this same driver, so the ratio compares like with like.
 *
 * Protocol (Node IPC, `process.send`): the child sends `{type: 'ready', apiRoot, token}` once the fake listens;
 * the parent sends `{type: 'drive', id, url, count, inFlight, secret, texts, chats, firstUpdateId}` and gets
 * `{type: 'driven', id, perSecond, failed}`; `{type: 'count', id, method}` gets `{type: 'counted', id, calls}`.
 */
import { Agent, request } from 'node:http';
import { FakeTelegram } from '../fakes/fake-telegram';

export interface DriveRequest {
  type: 'drive';
  id: number;
  url: string;
  count: number;
  inFlight: number;
  secret: string;
  texts: string[];
  /** Message i goes to chat `firstChat + i mod chats`, so one chat's messages are never in flight together. */
  chats: number;
  firstChat: number;
  firstUpdateId: number;
}

export type DriverMessage = DriveRequest | { type: 'count'; id: number; method: string } | { type: 'stop' };

export type DriverReply =
  | { type: 'ready'; apiRoot: string; token: string }
  | { type: 'driven'; id: number; perSecond: number; failed: number }
  | { type: 'counted'; id: number; calls: number };

/** A Telegram update as the Bot API posts it to a webhook. */
function update(request: DriveRequest, i: number): string {
  const chat = request.firstChat + (i % request.chats);
  const updateId = request.firstUpdateId + i;
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Ana' },
      from: { id: chat, is_bot: false, first_name: 'Ana', language_code: 'en' },
      text: request.texts[i % request.texts.length],
    },
  });
}

/** POST `count` updates to `url`, `inFlight` at a time over keep-alive connections; requests/s and non-200s. */
export async function drive(spec: DriveRequest): Promise<{ perSecond: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.inFlight });
  const target = new URL(spec.url);
  let next = 0;
  let failed = 0;
  const post = (payload: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-telegram-bot-api-secret-token': spec.secret },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.inFlight }, async () => {
      while (next < spec.count) {
        const payload = update(spec, next++);
        if ((await post(payload).catch(() => 0)) !== 200) failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: spec.count / seconds, failed };
}

/** Start the fake Bot API and serve the parent's requests (the child process's entry point). */
export async function runOutsideWorld(): Promise<void> {
  const fake = new FakeTelegram();
  const apiRoot = await fake.start();
  const send = (reply: DriverReply) => process.send!(reply);
  process.on('message', (message: DriverMessage) => {
    if (message.type === 'drive') {
      void drive(message).then((result) => send({ type: 'driven', id: message.id, ...result }));
    } else if (message.type === 'count') {
      send({ type: 'counted', id: message.id, calls: fake.callsTo(message.method).length });
    } else if (message.type === 'stop') {
      void fake.stop().then(() => process.exit(0));
    }
  });
  // The parent went away (crashed or was killed): do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', apiRoot, token: fake.token });
}

if (require.main === module) void runOutsideWorld();
