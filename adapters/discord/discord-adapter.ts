/**
 * Customers on Discord, through discord.js on the gateway: direct messages, and a support channel where a message
 * that mentions the bot starts a thread (the conversation then lives in that thread).
 *
 * Addresses are `discord:<channel id>` (a DM channel or a thread). Replies go over REST by channel id, so any
 * process can send to an address without the gateway's cache.
 *
 * The gateway does not redeliver: a message is retried into the core with backoff (about two minutes, so a Redis
 * restart is ridden out) and, if it still fails, parked in the dead-letter list (`deadLetters`), never dropped.
 * Every gateway handler is guarded: an error is logged, never an unhandled rejection that would end the process.
 *
 * Support threads: `startThread` is idempotent. A thread started from a message has the message's id, so when a
 * second delivery (another replica, a redelivery) gets 160004 "thread already created", the conversation is that
 * thread. A missing permission (403 / 50013) is answered in the channel and logged.
 *
 * Replicas: with `lease`, only the replica holding the Redis lease (adapters/shared/lease.ts) keeps a gateway
 * session; the others stay on standby (they still send over REST) and take over when the holder stops or dies.
 * Needs the Message Content intent (developer portal → Bot).
 */
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  HTTPError,
  RateLimitError,
  GatewayIntentBits,
  Partials,
  Routes,
  type Interaction,
  type Message,
} from 'discord.js';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import { decodeAddress, encodeAddress, InvalidAddressError } from '../../core/address';
import { CHOICE_PERSON } from '../../core/replies';
import type { ChannelAdapter, ConversationAddress, InboundAttachment, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { deliverToCore, type DeadLetterSink } from '../shared/deliver';
import { Lease } from '../shared/lease';
import { classifyStatus, sendInParts, type ErrorClass } from '../shared/send-parts';
import type { DiscordConfig } from './config';

const DISCORD_TEXT_LIMIT = 2000;
/** Discord JSON error codes. */
const THREAD_ALREADY_CREATED = 160004;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
/** Discord allows 5 buttons per row and 5 rows. */
const BUTTONS_PER_ROW = 5;

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  logger: Logger;
  /** Attempts at handing a message to the core (about 2 minutes with the default 30). */
  deliveryAttempts?: number;
  /** Delay before the second attempt; doubles each time, at most 5 s. Default 500 ms. Tests shorten it. */
  deliveryRetryDelayMs?: number;
  /** Where a message goes when every attempt failed. */
  deadLetters?: DeadLetterSink;
  /** One gateway consumer per bot across replicas: the Redis lease (key e.g. `<prefix>:lease:discord`). */
  lease?: { redis: Redis; key: string; ttlMs?: number; renewEveryMs?: number };
}

/** Where the bot stands: `connected` holds the gateway; `standby` lets another replica hold it. */
export type DiscordState = 'starting' | 'connected' | 'standby' | 'stopped';

/** Told to people in the support channel when the bot may not start a thread there (an operator must fix it). */
export const MISSING_THREAD_PERMISSION =
  'Sorry, I cannot start a support thread here: I am missing the "Create Public Threads" permission in this channel. Please send me a direct message instead, or ask a server admin to grant it.';

export class DiscordAdapter implements ChannelAdapter {
  readonly platform = 'discord';
  readonly client: Client;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
      // DM channels are not cached until used: without these partials their first message would be dropped.
      partials: [Partials.Channel, Partials.Message],
      // A deadline on every REST call (discord.js' own default, stated here so it is never lost).
      rest: { api: options.config.apiUrl, timeout: 15_000 },
    });
  }

  private lease?: Lease;
  private current: DiscordState = 'starting';
  private stopping = false;

  get state(): DiscordState {
    return this.current;
  }

  /** For readiness and channel health: a standby replica is healthy (another one holds the gateway). */
  status(): { connected: boolean; detail: string } {
    const connected = this.current === 'standby' || (this.current === 'connected' && this.client.isReady());
    return { connected, detail: this.current === 'standby' ? 'standby: another replica holds the gateway' : connected ? 'connected' : 'disconnected' };
  }

  async start(onInbound: InboundHandler): Promise<void> {
    const { client } = this;
    const { logger } = this.options;
    this.stopping = false;
    // Each handler is guarded: a rejection is logged here, never left unhandled.
    client.on(Events.MessageCreate, (message) => this.guard('messageCreate', () => this.onMessage(message, onInbound)));
    client.on(Events.InteractionCreate, (interaction) => this.guard('interactionCreate', () => this.onInteraction(interaction, onInbound)));
    client.on(Events.Error, (error) => logger.error('discord.client_error', { error }));
    client.on(Events.ShardDisconnect, (event, shard) => logger.warn('discord.disconnected', { shard, code: event.code }));
    const lease = this.options.lease;
    if (!lease) {
      await this.connect();
      return;
    }
    // Check the token now (a wrong one fails this channel at start, naming the variable), then wait for the lease.
    client.rest.setToken(this.options.config.token);
    try {
      await client.rest.get(Routes.user('@me'));
    } catch (error) {
      throw this.startError(error);
    }
    this.current = 'standby';
    this.lease = new Lease({
      redis: lease.redis,
      key: lease.key,
      ttlMs: lease.ttlMs,
      renewEveryMs: lease.renewEveryMs,
      what: 'discord.gateway',
      logger,
      onAcquired: () => this.connect(),
      onLost: () => this.disconnect(),
    });
    await this.lease.start();
    if (this.current === 'standby') logger.info('discord.standby', { why: 'another replica holds the gateway lease', key: lease.key });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.lease) await this.lease.stop();
    await this.client.destroy();
    this.current = 'stopped';
  }

  private async connect(): Promise<void> {
    try {
      await this.client.login(this.options.config.token);
    } catch (error) {
      await this.client.destroy();
      this.client.rest.setToken(this.options.config.token);
      throw this.startError(error);
    }
    this.current = 'connected';
    this.options.logger.info('discord.connected', { bot: this.client.user?.tag });
  }

  /** Leave the gateway (the lease went to another replica); REST sends keep working. */
  private async disconnect(): Promise<void> {
    await this.client.destroy();
    this.client.rest.setToken(this.options.config.token);
    this.current = this.stopping ? 'stopped' : 'standby';
  }

  private startError(error: unknown): Error {
    const code = (error as { code?: string | number }).code;
    return new Error(
      code === 'TokenInvalid' || (error as DiscordAPIError).status === 401 || /4004|Authentication failed/i.test(String((error as Error).message))
        ? 'Discord rejected DISCORD_BOT_TOKEN: reset the token on the developer portal\'s Bot page and set it again.'
        : `Cannot connect to Discord (${(error as Error).message}). Check DISCORD_API_URL and the network.`,
    );
  }

  /** Run a gateway handler; its error is logged (with the event), never an unhandled rejection. */
  private guard(event: string, handle: () => Promise<void>): void {
    handle().catch((error) => this.options.logger.error('discord.handler_failed', { event, error }));
  }

  private async onMessage(message: Message, onInbound: InboundHandler): Promise<void> {
    if (message.author.bot || message.system) return; // our own replies and other bots
    const address = await this.addressOf(message);
    if (!address) return;
    const text = message.content.replace(/<@!?\d+>/g, '').trim();
    await this.deliver(onInbound, {
      id: message.id,
      address,
      customer: { id: message.author.id, displayName: message.author.globalName ?? message.author.username, locale: undefined },
      text,
      attachments: [
        ...message.attachments.map((a): InboundAttachment => ({ kind: kindOf(a.contentType), name: a.name, mimeType: a.contentType ?? undefined })),
        ...message.stickers.map((sticker): InboundAttachment => ({ kind: 'sticker', name: sticker.name })),
      ],
      sentAt: message.createdAt,
      raw: message.toJSON(),
    });
  }

  /** Which conversation a message belongs to, starting a support thread on a mention; undefined: not for us. */
  private async addressOf(message: Message): Promise<ConversationAddress | undefined> {
    if (message.channel.type === ChannelType.DM || !message.guildId) return this.encodeAddress([message.channelId]);
    const support = this.options.config.supportChannelId;
    if (!support) return undefined;
    if (message.channel.isThread() && message.channel.parentId === support) return this.encodeAddress([message.channelId]);
    if (message.channelId !== support || !this.client.user || !message.mentions.users.has(this.client.user.id)) return undefined;
    const name = `Support: ${message.author.globalName ?? message.author.username}`.slice(0, 100);
    try {
      const thread = await message.startThread({ name });
      return this.encodeAddress([thread.id]);
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      // Already started (another replica, a redelivery): a thread started from a message has the message's id.
      if (code === THREAD_ALREADY_CREATED) return this.encodeAddress([message.id]);
      if (code === MISSING_PERMISSIONS || code === MISSING_ACCESS || (error instanceof DiscordAPIError && error.status === 403)) {
        this.options.logger.error('discord.thread_not_allowed', {
          channel: message.channelId,
          code,
          fix: 'give the bot Create Public Threads and Send Messages in Threads in DISCORD_SUPPORT_CHANNEL_ID',
        });
        await message.reply({ content: MISSING_THREAD_PERMISSION, allowedMentions: { parse: [] } }).catch((failure) => this.options.logger.warn('discord.reply_failed', { channel: message.channelId, error: failure }));
        return undefined;
      }
      throw error;
    }
  }

  private async onInteraction(interaction: Interaction, onInbound: InboundHandler): Promise<void> {
    if (!interaction.isButton()) return;
    // Acknowledge within Discord's 3 s; the answer follows as a message in the same channel.
    await interaction.deferUpdate().catch((error) => this.options.logger.warn('discord.defer_failed', { error }));
    const component = interaction.component as { label?: string | null };
    const label = component.label ?? interaction.customId;
    await this.deliver(onInbound, {
      id: interaction.id,
      address: this.encodeAddress([interaction.channelId]),
      customer: { id: interaction.user.id, displayName: interaction.user.globalName ?? interaction.user.username, locale: interaction.locale },
      text: label,
      choiceId: interaction.customId,
      sentAt: interaction.createdAt,
      raw: interaction.toJSON(),
    });
  }

  encodeAddress(parts: string[]): ConversationAddress {
    return encodeAddress(this.platform, parts);
  }

  decodeAddress(address: ConversationAddress): string[] {
    return decodeAddress(this.platform, address, { describe: '<channel id>' });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const channelId = this.channelIdOf(address);
    await sendInParts(message, {
      what: 'discord.createMessage',
      limit: { chars: DISCORD_TEXT_LIMIT },
      logger: this.options.logger,
      classify,
      sendPart: (content, choices = []) => {
        const components: { type: 1; components: { type: 2; style: number; label: string; custom_id: string }[] }[] = [];
        for (let i = 0; i < choices.length && components.length < 5; i += BUTTONS_PER_ROW) {
          components.push({
            type: 1,
            // "Talk to a person" stands out (primary); the other choices are secondary.
            components: choices.slice(i, i + BUTTONS_PER_ROW).map((c) => ({ type: 2, style: c.id === CHOICE_PERSON ? 1 : 2, label: c.label.slice(0, 80), custom_id: c.id })),
          });
        }
        return this.client.rest.post(Routes.channelMessages(channelId), { body: { content, components, allowed_mentions: { parse: [] } } });
      },
    });
  }

  async showTyping(address: ConversationAddress): Promise<void> {
    await this.client.rest.post(Routes.channelTyping(this.channelIdOf(address)));
  }

  private channelIdOf(address: ConversationAddress): string {
    const [channelId] = this.decodeAddress(address);
    if (!/^\d+$/.test(channelId)) throw new InvalidAddressError(`Invalid Discord address "${address}": the channel id must be a snowflake (digits).`);
    return channelId;
  }

  private async deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    await deliverToCore(onInbound, message, 'discord', this.options.logger, {
      attempts: this.options.deliveryAttempts ?? 30,
      baseDelayMs: this.options.deliveryRetryDelayMs,
      deadLetters: this.options.deadLetters,
      giveUp: () => this.stopping,
      isPermanent: (error) => classify(error).permanent,
    });
  }

}

function kindOf(contentType: string | null | undefined): InboundAttachment['kind'] {
  const type = contentType?.split('/')[0];
  return type === 'image' || type === 'audio' || type === 'video' ? type : 'file';
}

/**
 * discord.js's errors: a `DiscordAPIError` or `HTTPError` carries the HTTP `status` (400 invalid body, 401 bad
 * token, 403 missing access or the customer blocks DMs — JSON code 50007 —, 404 unknown channel — 10003 —, 413
 * too large: permanent); a `RateLimitError` (thrown when the REST client is told to reject rate limits instead
 * of waiting) carries `retryAfter` in ms. Network errors and 5xx are retried.
 */
export function classify(error: unknown): ErrorClass {
  if (error instanceof RateLimitError) return { permanent: false, retryAfterMs: error.retryAfter };
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return classifyStatus(error.status);
  return { permanent: false };
}
