/**
 * Customers on Discord, through discord.js on the gateway: direct messages, and a support channel where a message
 * that mentions the bot starts a thread (the conversation then lives in that thread).
 *
 * Addresses are `discord:<channel id>` (a DM channel or a thread). Replies go over REST by channel id, so any
 * process can send to an address without the gateway's cache.
 *
 * The gateway does not redeliver: a message is retried into the core with backoff and, if it still fails, logged
 * with its text, never dropped silently. Needs the Message Content intent (developer portal → Bot).
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
import type { Logger } from '../../core/log';
import { decodeAddress, encodeAddress, InvalidAddressError } from '../../core/address';
import { CHOICE_PERSON } from '../../core/replies';
import type { ChannelAdapter, ConversationAddress, InboundAttachment, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { deliverToCore } from '../shared/deliver';
import { classifyStatus, sendInParts, type ErrorClass } from '../shared/send-parts';
import type { DiscordConfig } from './config';

const DISCORD_TEXT_LIMIT = 2000;
/** Discord allows 5 buttons per row and 5 rows. */
const BUTTONS_PER_ROW = 5;

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  logger: Logger;
  /** Attempts at handing a message to the core. Default 5. */
  deliveryAttempts?: number;
}

export class DiscordAdapter implements ChannelAdapter {
  readonly platform = 'discord';
  readonly client: Client;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
      // DM channels are not cached until used: without these partials their first message would be dropped.
      partials: [Partials.Channel, Partials.Message],
      rest: { api: options.config.apiUrl },
    });
  }

  async start(onInbound: InboundHandler): Promise<void> {
    const { client } = this;
    const { logger } = this.options;
    client.on(Events.MessageCreate, (message) => void this.onMessage(message, onInbound));
    client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction, onInbound));
    client.on(Events.Error, (error) => logger.error('discord.client_error', { error }));
    try {
      await client.login(this.options.config.token);
    } catch (error) {
      await client.destroy();
      const code = (error as { code?: string | number }).code;
      throw new Error(
        code === 'TokenInvalid' || (error as DiscordAPIError).status === 401 || /4004|Authentication failed/i.test(String((error as Error).message))
          ? 'Discord rejected DISCORD_BOT_TOKEN: reset the token on the developer portal\'s Bot page and set it again.'
          : `Cannot connect to Discord (${(error as Error).message}). Check DISCORD_API_URL and the network.`,
      );
    }
    logger.info('discord.connected', { bot: client.user?.tag });
  }

  async stop(): Promise<void> {
    await this.client.destroy();
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
    const thread = await message.startThread({ name });
    return this.encodeAddress([thread.id]);
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

  private deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    return deliverToCore(onInbound, message, 'discord', this.options.logger, this.options.deliveryAttempts);
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
