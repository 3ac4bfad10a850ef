/**
 * Customers on Microsoft Teams, through botbuilder's CloudAdapter (personal chats), on POST /api/messages.
 *
 * Teams replies go to each conversation's `serviceUrl`, so the conversation reference is stored in Redis when the
 * customer writes; any process can then send to `teams:<conversation id>` proactively (staff replies come later,
 * from another process). With TEAMS_APP_ID set, CloudAdapter verifies every request's JWT (401 otherwise).
 *
 * All Teams specifics stay in this folder: botbuilder is in maintenance, and its successor, the Microsoft 365
 * Agents SDK (`@microsoft/agents-hosting`), speaks the same activity protocol, so a move is contained here.
 *
 * Acknowledgement: the Bot Connector waits for our answer to its POST. The core is retried briefly; if it still
 * fails (it did not save the message, so the id is not marked processed), the request is answered 500 and the
 * error logged (`teams.turn_failed`): the message is not acknowledged, and a redelivery is processed once.
 */
import { withDeadline } from '../../core/deadline';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import { AuthenticationConstants, type AuthenticateRequestResult } from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import { isPermanent as isPermanentCoreError, PermanentError } from '../../core/errors';
import { decodeAddress, encodeAddress } from '../../core/address';
import type { ChannelAdapter, ConversationAddress, InboundAttachment, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { sendJson, type WebhookServer } from '../../server/http-server';
import { withRetry } from '../shared/retry';
import { classifyStatus, sendInParts, type ErrorClass } from '../shared/send-parts';
import { isLoopbackUrl, type TeamsConfig } from './config';

/** Deadline for one activity sent to the Bot Connector. */
const TEAMS_SEND_TIMEOUT_MS = 15_000;

export const TEAMS_MESSAGES_PATH = '/api/messages';
/**
 * Teams refuses a message over about 28 KB (the whole activity, in UTF-8). A part holds at most this many
 * characters and this many bytes of text, which leaves room for the activity around it.
 */
export const TEAMS_TEXT_LIMIT = 24_000;
const TEAMS_TEXT_BYTES = 24_000;
/** References live as long as a customer might come back to a conversation. */
const REFERENCE_TTL_SECONDS = 90 * 24 * 3600;

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  redis: Redis;
  keyPrefix: string;
  server: WebhookServer;
  logger: Logger;
  /** Attempts at handing a message to the core before answering 500. Default 3. */
  deliveryAttempts?: number;
  /** Delay before a retried send or core call; doubles each time. Default 250 ms. Tests shorten it. */
  retryDelayMs?: number;
}

export class TeamsAdapter implements ChannelAdapter {
  readonly platform = 'teams';
  private readonly adapter: CloudAdapter;
  private readonly auth: ConfigurationBotFrameworkAuthentication;

  constructor(private readonly options: TeamsAdapterOptions) {
    const { config } = options;
    this.auth = new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId, MicrosoftAppType: 'SingleTenant' } : {}),
        ...(config.openIdMetadataUrl ? publicCloudWithMetadata(config.openIdMetadataUrl) : {}),
      });
    this.adapter = new CloudAdapter(this.auth);
    this.adapter.onTurnError = async (_context, error) => {
      throw error; // answered 500 (and logged) by the route: the Bot Connector retries, nothing acknowledged and lost
    };
  }

  async start(onInbound: InboundHandler): Promise<void> {
    const { server, logger, config } = this.options;
    if (!config.authenticated) logger.warn('teams.auth_off', { why: 'TEAMS_APP_ID is not set', fix: 'set TEAMS_APP_ID and TEAMS_APP_PASSWORD outside local testing' });
    server.route('POST', TEAMS_MESSAGES_PATH, async (req, res) => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await server.readBody(req)).toString('utf8')) as Record<string, unknown>;
      } catch {
        sendJson(res, 400, { error: 'the body must be a JSON activity' });
        return;
      }
      // Without credentials (TEAMS_EMULATOR) nobody is authenticated: only a local emulator may talk to us, and
      // replies go only to loopback service URLs (a forged serviceUrl must not make us POST anywhere else).
      if (!config.authenticated && !isLoopbackUrl(body.serviceUrl)) {
        logger.warn('teams.unauthorized', { why: 'no credentials (emulator mode) and a service URL that is not loopback', serviceUrl: String(body.serviceUrl ?? '').slice(0, 200) });
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      // Authenticate first, ourselves: botbuilder's process() answers a forged or malformed token with a 500 and
      // prints the stack with console.error. Any failure to prove the caller is the Bot Connector is a 401.
      let auth: AuthenticateRequestResult;
      try {
        auth = await this.auth.authenticateRequest(body as Partial<Activity> as Activity, String(req.headers.authorization ?? ''));
      } catch (error) {
        logger.warn('teams.unauthorized', { why: (error as Error)?.message ?? String(error) });
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      try {
        await this.adapter.processActivityDirect(auth, body as Partial<Activity> as Activity, (context) => this.onTurn(context, onInbound));
        sendJson(res, 200, {});
      } catch (error) {
        logger.error('teams.turn_failed', { error });
        sendJson(res, 500, { error: 'the message could not be processed; the Bot Connector will retry' });
      }
    });
  }

  async stop(): Promise<void> {}

  private async onTurn(context: TurnContext, onInbound: InboundHandler): Promise<void> {
    const activity = context.activity;
    const { logger } = this.options;
    // conversationUpdate, messageUpdate (an edit), messageDelete, typing, invoke…: not customer messages.
    if (activity.type !== ActivityTypes.Message) {
      logger.debug('teams.ignored', { type: activity.type, why: 'not a new message' });
      return;
    }
    // Personal chats only. (The Bot Framework Emulator and Web Chat send no conversationType.)
    if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal') {
      logger.debug('teams.ignored', { conversation: activity.conversation.id, type: activity.conversation.conversationType, why: 'not a personal chat' });
      return;
    }
    if (activity.from.role === 'bot') return;
    const reference = TurnContext.getConversationReference(activity) as ConversationReference;
    await this.options.redis.set(this.referenceKey(activity.conversation.id), JSON.stringify(reference), 'EX', REFERENCE_TTL_SECONDS);

    // A click on one of our cards' Action.Submit buttons: a message whose value carries the choice (and label).
    const value = activity.value as { choiceId?: unknown; label?: unknown } | undefined;
    const choiceId = typeof value?.choiceId === 'string' ? value.choiceId : undefined;
    const label = typeof value?.label === 'string' ? value.label : undefined;
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? '';
    // Teams adds a text/html copy of formatted text: that is the text, not an attachment.
    const attachments = (activity.attachments ?? [])
      .filter((a) => a.contentType !== 'text/html')
      .map((a): InboundAttachment => ({ kind: kindOf(a.contentType), name: a.name, mimeType: a.contentType }));
    const message: InboundMessage = {
      id: activity.id ?? `${activity.conversation.id}:${activity.timestamp}`,
      address: this.encodeAddress([activity.conversation.id]),
      customer: { id: activity.from.aadObjectId ?? activity.from.id, displayName: activity.from.name || activity.from.id, locale: activity.locale },
      text: choiceId ? text || label || choiceId : text,
      choiceId,
      attachments,
      sentAt: activity.timestamp ? new Date(activity.timestamp) : new Date(),
      raw: activity,
    };
    await withRetry(() => onInbound(message), {
      what: 'teams.customer_message',
      attempts: this.options.deliveryAttempts ?? 3,
      baseDelayMs: this.options.retryDelayMs ?? 250,
      logger,
      isPermanent: (error) => isPermanentCoreError(error),
    });
  }

  encodeAddress(parts: string[]): ConversationAddress {
    return encodeAddress(this.platform, parts);
  }

  /**
   * `teams:<conversation id>`, with the id's ':' escaped. An address written before addresses were escaped
   * (`teams:a:1…`, a raw ':' after the prefix) still reads as that conversation: an encoded Teams address never
   * has a second raw ':', so the two cannot be confused.
   */
  decodeAddress(address: ConversationAddress): string[] {
    const legacy = typeof address === 'string' && address.startsWith('teams:') && address.indexOf(':', 'teams:'.length) > 0;
    return legacy ? [address.slice('teams:'.length)] : decodeAddress(this.platform, address, { describe: '<conversation id>' });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const [conversationId] = this.decodeAddress(address);
    const stored = await this.options.redis.get(this.referenceKey(conversationId));
    if (!stored) throw new Error(`No Teams conversation reference stored for ${address}: the customer must write first (it holds the service URL to reply to).`);
    const reference = JSON.parse(stored) as ConversationReference;
    if (!this.options.config.authenticated && !isLoopbackUrl(reference.serviceUrl)) {
      throw new PermanentError(`Teams emulator mode (no credentials) replies only to loopback service URLs, not ${reference.serviceUrl}`);
    }
    // Proactive: works from any process, long after the customer's request, with the stored reference.
    await this.adapter.continueConversationAsync(this.options.config.appId, reference, (context) =>
      sendInParts(message, {
        what: 'teams.sendActivity',
        limit: { chars: TEAMS_TEXT_LIMIT, bytes: TEAMS_TEXT_BYTES },
        baseDelayMs: this.options.retryDelayMs ?? 250,
        logger: this.options.logger,
        classify,
        // A deadline per part: botbuilder's connector has none, and a hung Bot Connector must not hold the turn.
        sendPart: (text, choices) => withDeadline(TEAMS_SEND_TIMEOUT_MS, () => context.sendActivity(choices ? choiceCard(text, choices) : { type: ActivityTypes.Message, text })),
      }),
    );
  }

  private referenceKey(conversationId: string): string {
    return `${this.options.keyPrefix}:teams:ref:${conversationId}`;
  }
}

/**
 * Overriding one endpoint switches botbuilder to its "parameterized" authentication, which then needs every
 * public-cloud constant spelled out (otherwise the issuer check compares against undefined and refuses all).
 */
function publicCloudWithMetadata(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  };
}

function kindOf(contentType: string | undefined): InboundAttachment['kind'] {
  const type = contentType?.split('/')[0];
  if (type === 'image' || type === 'audio' || type === 'video') return type;
  return contentType?.startsWith('application/vnd.microsoft.card') ? 'other' : 'file';
}

/**
 * botbuilder's errors carry the Bot Connector's HTTP `statusCode` (400 bad activity, 401/403 auth, 404 unknown
 * conversation, 413 too large: permanent); a 429's Retry-After header (seconds, at most 60 honoured) sets the
 * wait. 5xx and network errors are retried.
 */
export function classify(error: unknown): ErrorClass {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const code = typeof status === 'number' ? status : undefined;
  return classifyStatus(code, code === 429 ? retryAfterHeaderMs(error) : undefined);
}

function retryAfterHeaderMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers;
  const seconds = Number(headers?.get?.('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : undefined;
}

/**
 * Choices as an Adaptive Card whose Action.Submit buttons carry the choice id (and the label, for the
 * transcript); a click comes back as a message whose `value` is that data.
 */
function choiceCard(text: string, choices: { id: string; label: string }[]): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    attachments: [
      CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.4',
        body: [{ type: 'TextBlock', text, wrap: true }],
        actions: choices.map((c) => ({ type: 'Action.Submit', title: c.label, data: { choiceId: c.id, label: c.label } })),
      }),
    ],
  };
}


