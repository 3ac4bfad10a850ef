/**
 * The Slack staff side, as the handoff's `StaffSide`: builds the one Bolt app (./app.ts) and its receiver, the
 * `SlackStaffDesk` pages go to, and registers the staff handlers (./staff.ts) once the handoff's `StaffActions`
 * exist. With SLACK_PORT the receiver listens on that port itself; otherwise mount `requestListener` on
 * POST /slack/events of the one HTTP server (bin/start does). With SLACK_APP_TOKEN the app runs in Socket Mode:
 * `attach` opens the WebSocket to Slack, and each envelope is processed once across replicas (Redis, ./app.ts).
 *
 * The customer-facing Slack adapter (./customers.ts) and the "Teach the bot" modal (./teaching.ts) register on the
 * same `app`, so there is one signing secret, one receiver and one endpoint.
 */
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import type { SlackStaffConfig } from '../../handoff/config';
import type { StaffSide } from '../../handoff/index';
import { createSlackApp, type SlackApp } from './app';
import { SlackStaffDesk, registerStaffHandlers } from './staff';
import { SlackStaffDirectory, guardStaffOnly } from './staff-directory';

export interface SlackStaffSideOptions {
  /** SLACK_* settings (handoff/config.ts reads them). */
  config: SlackStaffConfig;
  /** For de-duplicating events Slack retries. */
  redis: Redis;
  logger: Logger;
  /** Slack Web API retries; tests use 0. Default Slack's own policy. */
  retries?: number;
  /** HTTP mode: how long Bolt waits for an ack before answering 404 (adapters/slack/app.ts). */
  unackedAfterMs?: number;
}

export interface SlackStaffSide extends StaffSide, SlackApp {
  readonly desk: SlackStaffDesk;
  /** Who is staff (staff channel members, or SLACK_STAFF_GROUP); every staff handler is behind it. */
  readonly directory: SlackStaffDirectory;
}

export function createSlackStaffSide(options: SlackStaffSideOptions): SlackStaffSide {
  const { config, redis, logger } = options;
  // Envelopes arrive only once `attach` connected, and it sets the handoff's key base first.
  let keyBase = '';
  const slack = createSlackApp({
    botToken: config.botToken,
    signingSecret: config.signingSecret,
    apiUrl: config.apiUrl,
    logger,
    retries: options.retries,
    unackedAfterMs: options.unackedAfterMs,
    timeoutMs: config.apiTimeoutMs,
    appToken: config.appToken,
    firstDelivery: async (id) => (await redis.set(`${keyBase}:slack-envelope:${id}`, '1', 'EX', 600, 'NX')) === 'OK',
  });
  const desk = new SlackStaffDesk({ client: slack.app.client, staffChannel: config.staffChannel, pageGroup: config.pageGroup });
  const directory = new SlackStaffDirectory({ client: slack.app.client, staffChannel: config.staffChannel, staffGroup: config.staffGroup, logger });
  return {
    ...slack,
    name: 'slack',
    desk,
    directory,
    async attach(actions, { records }) {
      keyBase = records.keys.base;
      guardStaffOnly(slack.app, directory, config.staffChannel, (who, action, target) => actions.audit({ id: who, name: who }, action, target, 'refused', 'not staff'));
      registerStaffHandlers({ app: slack.app, actions, staffChannel: config.staffChannel, redis, dedupePrefix: records.keys.base, logger });
      await slack.connect(slack.socketMode ? undefined : config.port);
      if (slack.socketMode) logger.info('slack.socket_mode_connected', { how: 'SLACK_APP_TOKEN: no public URL needed' });
    },
    async stop() {
      await slack.disconnect();
    },
  };
}
