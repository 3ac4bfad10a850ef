/**
 * The one Bolt app of the product. Staff handlers (./staff.ts) register on it today; the customer-facing Slack
 * adapter will register on the same app later, so there is one signing secret, one receiver and one endpoint.
 *
 * The receiver is an HTTPReceiver with signature verification on: a forged or stale request gets 401 before any
 * handler runs. Its `requestListener` can be mounted in our own HTTP server, or it can listen on its own port.
 *
 * Socket Mode (an app-level token `xapp-…`, SLACK_APP_TOKEN): a SocketModeReceiver instead. The app opens a
 * WebSocket to Slack (`apps.connections.open` gives its URL), so no public URL and no signing secret are needed;
 * events, clicks and slash commands arrive as envelopes and Bolt acknowledges each by its `envelope_id`. Every
 * replica may hold a socket (Slack spreads envelopes over an app's open connections, and a retry may reach
 * another one), so each envelope is processed once: its event id (an event's `event_id`, which a retry keeps),
 * else its `envelope_id`, is claimed in Redis (SET NX) before any handler runs; a second delivery is only acked.
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/log';
import { guardRequestBodies } from './request-guard';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Web API base URL, e.g. https://slack.com/api/ (SLACK_API_URL). */
  apiUrl: string;
  logger: Logger;
  /** Retries of the Web API client. Default Slack's own policy; tests use 0. */
  retries?: number;
  /** Deadline of every Web API call (SLACK_API_TIMEOUT). Default 10 s: a hung Slack must not hold a worker slot. */
  timeoutMs?: number;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode instead of HTTP; the signing secret is then unused. */
  appToken?: string;
  /** Socket Mode: true the first time an envelope id is seen (across replicas), false for a redelivery. */
  firstDelivery?: (id: string) => Promise<boolean>;
  /**
   * HTTP mode: a request no handler acknowledged within this long is answered 404 by Bolt. Default Bolt's 3,001 ms,
   * as Slack itself gives up after 3 s; tests on a loaded machine (training a KB before an ack) raise it.
   */
  unackedAfterMs?: number;
}

export interface SlackApp {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  /** Socket Mode: the app connects out to Slack; there is no endpoint to mount. */
  socketMode: boolean;
  /** HTTP mode: mount on POST /slack/events of any Node HTTP server (undefined in Socket Mode). */
  requestListener?: HTTPReceiver['requestListener'];
  /** Open the Socket Mode connection (HTTP mode: listen on `port` when given, else nothing: the server is ours). */
  connect(port?: number): Promise<void>;
  disconnect(): Promise<void>;
}

/** Default deadline of a Slack Web API call; with 2 retries a hung call gives up within about 35 s. */
export const SLACK_API_TIMEOUT_MS = 10_000;

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const boltLogger = toBoltLogger(options.logger);
  const slackApiUrl = options.apiUrl.endsWith('/') ? options.apiUrl : options.apiUrl + '/';
  const clientOptions = { slackApiUrl, timeout: options.timeoutMs ?? SLACK_API_TIMEOUT_MS, retryConfig: { retries: options.retries ?? 2 } };
  if (options.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLogger,
      // apps.connections.open goes to the same Web API base URL as everything else.
      installerOptions: { clientOptions },
      customPropertiesExtractor: (args: { envelope_id?: string }) => ({ envelope_id: args.envelope_id }),
    });
    if (options.firstDelivery) oncePerEnvelope(receiver, options.firstDelivery, options.logger);
    const app = newApp(options, receiver, boltLogger, clientOptions);
    return {
      app,
      receiver,
      socketMode: true,
      connect: async () => {
        await receiver.start();
      },
      // The client's own disconnect resolves once the close handshake is done (the receiver's stop does not wait).
      disconnect: () => receiver.client.disconnect(),
    };
  }
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: true,
    logger: boltLogger,
    // Ack first, work after: Slack wants an answer within 3 s and our handlers call ack() before anything slow.
    processBeforeResponse: false,
    ...(options.unackedAfterMs ? { unhandledRequestTimeoutMillis: options.unackedAfterMs } : {}),
  });
  guardRequestBodies(receiver, options.logger); // a signed `null` body gets 400 instead of killing the process
  const app = newApp(options, receiver, boltLogger, clientOptions);
  let listening = false;
  return {
    app,
    receiver,
    socketMode: false,
    requestListener: receiver.requestListener,
    connect: async (port) => {
      if (port === undefined) return;
      await receiver.start(port);
      listening = true;
    },
    disconnect: async () => {
      if (listening) await receiver.stop();
      listening = false;
    },
  };
}

function newApp(options: SlackAppOptions, receiver: HTTPReceiver | SocketModeReceiver, boltLogger: BoltLogger, clientOptions: Record<string, unknown>): App {
  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger,
    // auth.test at start-up: a wrong token fails loudly now rather than on the first page; it also tells Bolt
    // our bot user id, so the bot ignores its own messages in page threads.
    tokenVerificationEnabled: true,
    clientOptions,
  });
  app.error(async (error) => {
    options.logger.error('slack.handler_failed', { error: error instanceof Error ? error : String(error) });
  });
  return app;
}

/**
 * Put a once-per-envelope check in front of the app: the receiver hands every envelope to `app.processEvent`;
 * a redelivered one (same event id, or same envelope id) is acknowledged and dropped.
 */
function oncePerEnvelope(receiver: SocketModeReceiver, firstDelivery: (id: string) => Promise<boolean>, logger: Logger): void {
  const init = receiver.init.bind(receiver);
  receiver.init = (app: App) => {
    const processEvent = app.processEvent.bind(app);
    const gate = {
      processEvent: async (event: ReceiverEvent) => {
        const body = event.body as { event_id?: string };
        const id = body.event_id ?? String(event.customProperties?.envelope_id ?? '');
        if (id && !(await firstDelivery(id))) {
          logger.debug('slack.envelope_redelivered', { id, retry: event.retryNum });
          await event.ack();
          return;
        }
        await processEvent(event);
      },
    };
    init(gate as unknown as App);
  };
}

function toBoltLogger(logger: Logger): BoltLogger {
  const join = (messages: unknown[]) => messages.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => logger.debug('slack.bolt', { message: join(m) }),
    info: (...m: unknown[]) => logger.info('slack.bolt', { message: join(m) }),
    warn: (...m: unknown[]) => logger.warn('slack.bolt', { message: join(m) }),
    error: (...m: unknown[]) => logger.error('slack.bolt', { message: join(m) }),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
