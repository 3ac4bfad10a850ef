/**
 * Customers on Microsoft Teams, through botbuilder's CloudAdapter (personal chats), on POST /api/messages.
 *
 * Teams replies go to each conversation's `serviceUrl`, so the conversation reference is stored in Redis when the
 * customer writes; any process can then send to `teams:<conversation id>` proactively (staff replies come later,
 * from another process). With TEAMS_APP_ID set, CloudAdapter verifies every request's JWT (401 otherwise).
 *
 * All Teams specifics stay in this folder: botbuilder is in maintenance, and its successor, the Microsoft 365
 * Agents SDK (`@microsoft/agents-hosting`), speaks the same activity protocol, so a move is contained here.
 */
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import type { ServerResponse } from 'node:http';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import type { ChannelAdapter, ConversationAddress, InboundHandler, OutboundMessage } from '../../core/types';
import { sendJson, type WebhookServer } from '../http-server';
import { withRetry } from '../shared/retry';
import { splitText } from '../shared/split-text';
import type { TeamsConfig } from './config';

export const TEAMS_MESSAGES_PATH = '/api/messages';
/** Teams accepts about 28 KB per message; stay well under it. */
const TEAMS_TEXT_LIMIT = 20_000;
/** References live as long as a customer might come back to a conversation. */
const REFERENCE_TTL_SECONDS = 90 * 24 * 3600;

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  redis: Redis;
  keyPrefix: string;
  server: WebhookServer;
  logger: Logger;
}

export class TeamsAdapter implements ChannelAdapter {
  readonly platform = 'teams';
  private readonly adapter: CloudAdapter;

  constructor(private readonly options: TeamsAdapterOptions) {
    const { config } = options;
    this.adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId, MicrosoftAppType: 'SingleTenant' } : {}),
      }),
    );
    this.adapter.onTurnError = async (context, error) => {
      options.logger.error('teams.turn_failed', { conversation: context.activity.conversation?.id, error });
      throw error; // a 500 makes the Bot Connector retry: nothing acknowledged and lost
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
      await this.adapter.process({ body, headers: req.headers as Record<string, string>, method: req.method }, expressLike(res), (context) => this.onTurn(context, onInbound));
    });
  }

  async stop(): Promise<void> {}

  private async onTurn(context: TurnContext, onInbound: InboundHandler): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return; // conversationUpdate, messageUpdate (edits), typing…
    if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal') return;
    if (activity.from.role === 'bot') return;
    const reference = TurnContext.getConversationReference(activity) as ConversationReference;
    await this.options.redis.set(this.referenceKey(activity.conversation.id), JSON.stringify(reference), 'EX', REFERENCE_TTL_SECONDS);

    const value = activity.value as { choiceId?: unknown } | undefined;
    const choiceId = typeof value?.choiceId === 'string' ? value.choiceId : undefined;
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? '';
    const hasFiles = (activity.attachments ?? []).some((a) => a.contentType !== 'text/html');
    await onInbound({
      id: activity.id ?? `${activity.conversation.id}:${activity.timestamp}`,
      address: `teams:${activity.conversation.id}`,
      customer: { id: activity.from.aadObjectId ?? activity.from.id, displayName: activity.from.name || activity.from.id, locale: activity.locale },
      text: choiceId ? (text || choiceId) : text,
      choiceId,
      isText: Boolean(choiceId || text || !hasFiles),
      sentAt: activity.timestamp ? new Date(activity.timestamp) : new Date(),
      raw: activity,
    });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const conversationId = address.slice('teams:'.length);
    const stored = await this.options.redis.get(this.referenceKey(conversationId));
    if (!stored) throw new Error(`No Teams conversation reference stored for ${address}: the customer must write first (it holds the service URL to reply to).`);
    const reference = JSON.parse(stored) as ConversationReference;
    const text = message.sender?.kind === 'agent' ? `**${message.sender.name}** (support): ${message.text}` : message.text;
    const parts = splitText(text, TEAMS_TEXT_LIMIT);
    const activities: Partial<Activity>[] = parts.map((part, index) =>
      index === parts.length - 1 && message.choices?.length ? choiceCard(part, message.choices) : { type: ActivityTypes.Message, text: part },
    );
    await withRetry(
      () =>
        this.adapter.continueConversationAsync(this.options.config.appId, reference, async (context) => {
          await context.sendActivities(activities);
        }),
      { what: 'teams.sendActivities', logger: this.options.logger, isPermanent: (error) => [400, 401, 403, 404].includes((error as { statusCode?: number }).statusCode ?? 0) },
    );
  }

  private referenceKey(conversationId: string): string {
    return `${this.options.keyPrefix}:teams:ref:${conversationId}`;
  }
}

/** Choices as an Adaptive Card whose Action.Submit buttons carry the choice id (comes back as activity.value). */
function choiceCard(text: string, choices: { id: string; label: string }[]): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    attachments: [
      CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.4',
        body: [{ type: 'TextBlock', text, wrap: true }],
        actions: choices.map((c) => ({ type: 'Action.Submit', title: c.label, data: { choiceId: c.id } })),
      }),
    ],
  };
}

/** The Express-style response botbuilder writes to, over a plain Node response. */
function expressLike(res: ServerResponse) {
  let status = 200;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, value as string);
      return this;
    },
    send(body?: unknown) {
      if (res.headersSent) return this;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, text ? { 'content-type': 'application/json' } : {});
      res.write(text);
      return this;
    },
    end() {
      if (!res.headersSent) res.writeHead(status);
      res.end();
      return this;
    },
  };
}

