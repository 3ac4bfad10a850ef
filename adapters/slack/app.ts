/**
 * The one Bolt app of the product. Staff handlers (./staff.ts) register on it today; the customer-facing Slack
 * adapter will register on the same app later, so there is one signing secret, one receiver and one endpoint.
 *
 * The receiver is an HTTPReceiver with signature verification on: a forged or stale request gets 401 before any
 * handler runs. Its `requestListener` can be mounted in our own HTTP server, or it can listen on its own port.
 */
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
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
}

export interface SlackApp {
  app: App;
  receiver: HTTPReceiver;
  /** Mount on POST /slack/events of any Node HTTP server. */
  requestListener: HTTPReceiver['requestListener'];
}

/** Default deadline of a Slack Web API call; with 2 retries a hung call gives up within about 35 s. */
export const SLACK_API_TIMEOUT_MS = 10_000;

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const boltLogger = toBoltLogger(options.logger);
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: true,
    logger: boltLogger,
    // Ack first, work after: Slack wants an answer within 3 s and our handlers call ack() before anything slow.
    processBeforeResponse: false,
  });
  guardRequestBodies(receiver, options.logger); // a signed `null` body gets 400 instead of killing the process
  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger,
    // auth.test at start-up: a wrong token fails loudly now rather than on the first page; it also tells Bolt
    // our bot user id, so the bot ignores its own messages in page threads.
    tokenVerificationEnabled: true,
    clientOptions: {
      slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : options.apiUrl + '/',
      timeout: options.timeoutMs ?? SLACK_API_TIMEOUT_MS,
      retryConfig: { retries: options.retries ?? 2 },
    },
  });
  app.error(async (error) => {
    options.logger.error('slack.handler_failed', { error: error instanceof Error ? error : String(error) });
  });
  return { app, receiver, requestListener: receiver.requestListener };
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
