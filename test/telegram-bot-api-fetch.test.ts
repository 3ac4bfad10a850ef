/**
 * grammY's transport to the Bot API (adapters/telegram/bot-api-fetch.ts): what grammY needs of a fetch — the
 * request as grammY built it, the JSON answer, file uploads as a stream, abort by its deadline — against a local
 * HTTP server, and through the real grammY client against the fake Bot API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Bot, GrammyError, HttpError, InputFile } from 'grammy';
import { botApiFetch, grammyFetch } from '../adapters/telegram/bot-api-fetch';
import { FAKE_BOT_INFO, FakeTelegram } from '../fakes/fake-telegram';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('the Bot API transport', () => {
  let server: Server;
  let base: string;
  let respond: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;
  let seen: Seen[];
  let closedBeforeAnswer: number;

  beforeEach(async () => {
    seen = [];
    closedBeforeAnswer = 0;
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"result":{"message_id":7}}');
    };
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(entry);
        res.on('close', () => {
          if (!res.writableFinished) closedBeforeAnswer += 1;
        });
        respond(req, res, entry);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('posts the JSON body with its headers and reads the JSON answer', async () => {
    const body = JSON.stringify({ chat_id: 42, text: 'Grüße 👋' });
    const response = await botApiFetch(`${base}/botTOKEN/sendMessage?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ ok: true, result: { message_id: 7 } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/botTOKEN/sendMessage?x=1', body });
    expect(seen[0].headers['content-type']).toBe('application/json');
  });

  test('an error status is a response (grammY reads its description), not a rejection', async () => {
    respond = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}');
    };
    const response = await botApiFetch(`${base}/botTOKEN/sendMessage`, { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    await expect(response.json()).resolves.toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
  });

  test('a file upload (a stream body) is sent whole', async () => {
    const parts = ['--b\r\n', 'content-disposition: form-data; name="chat_id"\r\n\r\n42\r\n', '--b--\r\n'];
    const response = await botApiFetch(`${base}/botTOKEN/sendDocument`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: Readable.from(parts) });
    expect(response.status).toBe(200);
    expect(seen[0].body).toBe(parts.join(''));
  });

  test('a page that is not JSON (a proxy error) makes json() reject, and text() gives it', async () => {
    respond = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    };
    const response = await botApiFetch(`${base}/botTOKEN/getMe`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(502);
    await expect(response.json()).rejects.toThrow(SyntaxError);
    await expect(response.text()).resolves.toBe('<html>Bad Gateway</html>');
  });

  test('an abort closes the request at once and rejects, without the token in the message', async () => {
    respond = () => undefined; // never answers
    const controller = new AbortController();
    const pending = botApiFetch(`${base}/bot123:SECRET/sendMessage`, { method: 'POST', body: '{}', signal: controller.signal });
    await waitFor(() => seen.length === 1);
    controller.abort();
    const error = await pending.catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(String((error as Error).message)).not.toContain('SECRET');
    await waitFor(() => closedBeforeAnswer === 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(botApiFetch(`${base}/botTOKEN/getMe`, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(0);
  });

  test('nobody listening is a rejection (grammY makes it an HttpError)', async () => {
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(botApiFetch(`http://127.0.0.1:${port}/botTOKEN/getMe`, { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  describe('through grammY', () => {
    let fake: FakeTelegram;
    let apiRoot: string;
    beforeEach(async () => {
      fake = new FakeTelegram();
      apiRoot = await fake.start();
    });
    afterEach(async () => {
      await fake.stop();
    });

    const botWith = (root: string, timeoutSeconds = 10) =>
      new Bot(fake.token, { client: { apiRoot: root, timeoutSeconds, fetch: grammyFetch }, botInfo: FAKE_BOT_INFO });

    test('sendMessage arrives with its keyboard, and its result comes back', async () => {
      const bot = botWith(apiRoot);
      const sent = await bot.api.sendMessage(42, 'Hej då', { reply_markup: { inline_keyboard: [[{ text: 'A person', callback_data: 'person' }]] } });
      expect(sent.message_id).toEqual(expect.any(Number));
      expect(fake.callsTo('sendMessage')[0].params).toMatchObject({ chat_id: 42, text: 'Hej då', reply_markup: { inline_keyboard: [[{ text: 'A person', callback_data: 'person' }]] } });
    });

    test('a refusal is a GrammyError with its code', async () => {
      fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      const error = await botWith(apiRoot).api.sendMessage(42, 'hi').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).error_code).toBe(403);
    });

    test("grammY's deadline aborts a Bot API that hangs: an HttpError, and the connection is closed", async () => {
      respond = () => undefined; // the local server above never answers
      const error = await botWith(`${base}`, 1).api.sendMessage(42, 'hi').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      await waitFor(() => closedBeforeAnswer === 1);
    });

    test('a file upload goes out as multipart through the same transport', async () => {
      let contentType = '';
      respond = (req, res, entry) => {
        contentType = String(req.headers['content-type']);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: 42, type: 'private' }, document: { file_id: 'f', file_unique_id: 'u' }, size: entry.body.length } }));
      };
      await botWith(base).api.sendDocument(42, new InputFile(Buffer.from('order 1234 receipt'), 'receipt.txt'));
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(seen[0].body).toContain('order 1234 receipt');
      expect(seen[0].body).toContain('filename=receipt.txt');
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
