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
  GatewayIntentBits,
  Partials,
  Routes,
  type Interaction,
  type Message,
} from 'discord.js';
import type { Logger } from '../../core/log';
import type { ChannelAdapter, ConversationAddress, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { deliverToCore } from '../shared/deliver';
import { withRetry } from '../shared/retry';
import { splitText } from '../shared/split-text';
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
      isText: text.length > 0 || (message.attachments.size === 0 && message.stickers.size === 0),
      sentAt: message.createdAt,
      raw: message.toJSON(),
    });
  }

  /** Which conversation a message belongs to, starting a support thread on a mention; undefined: not for us. */
  private async addressOf(message: Message): Promise<ConversationAddress | undefined> {
    if (message.channel.type === ChannelType.DM || !message.guildId) return `discord:${message.channelId}`;
    const support = this.options.config.supportChannelId;
    if (!support) return undefined;
    if (message.channel.isThread() && message.channel.parentId === support) return `discord:${message.channelId}`;
    if (message.channelId !== support || !this.client.user || !message.mentions.users.has(this.client.user.id)) return undefined;
    const name = `Support: ${message.author.globalName ?? message.author.username}`.slice(0, 100);
    const thread = await message.startThread({ name });
    return `discord:${thread.id}`;
  }

  private async onInteraction(interaction: Interaction, onInbound: InboundHandler): Promise<void> {
    if (!interaction.isButton()) return;
    // Acknowledge within Discord's 3 s; the answer follows as a message in the same channel.
    await interaction.deferUpdate().catch((error) => this.options.logger.warn('discord.defer_failed', { error }));
    const component = interaction.component as { label?: string | null };
    const label = component.label ?? interaction.customId;
    await this.deliver(onInbound, {
      id: interaction.id,
      address: `discord:${interaction.channelId}`,
      customer: { id: interaction.user.id, displayName: interaction.user.globalName ?? interaction.user.username, locale: interaction.locale },
      text: label,
      choiceId: interaction.customId,
      sentAt: interaction.createdAt,
      raw: interaction.toJSON(),
    });
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const channelId = address.slice('discord:'.length);
    if (!/^\d+$/.test(channelId)) throw new Error(`Invalid Discord address "${address}": expected discord:<channel id>.`);
    const text = message.sender?.kind === 'agent' ? `**${message.sender.name}** (support): ${message.text}` : message.text;
    const parts = splitText(text, DISCORD_TEXT_LIMIT);
    for (const [index, part] of parts.entries()) {
      const choices = index === parts.length - 1 ? (message.choices ?? []) : [];
      const components: { type: 1; components: { type: 2; style: number; label: string; custom_id: string }[] }[] = [];
      for (let i = 0; i < choices.length && components.length < 5; i += BUTTONS_PER_ROW) {
        components.push({
          type: 1,
          components: choices.slice(i, i + BUTTONS_PER_ROW).map((c) => ({ type: 2, style: c.id === 'person' ? 1 : 2, label: c.label.slice(0, 80), custom_id: c.id })),
        });
      }
      await withRetry(() => this.client.rest.post(Routes.channelMessages(channelId), { body: { content: part, components, allowed_mentions: { parse: [] } } }), {
        what: 'discord.createMessage',
        logger: this.options.logger,
        isPermanent: (error) => error instanceof DiscordAPIError && [400, 401, 403, 404].includes(error.status),
      });
    }
  }

  async showTyping(address: ConversationAddress): Promise<void> {
    await this.client.rest.post(Routes.channelTyping(address.slice('discord:'.length)));
  }

  private deliver(onInbound: InboundHandler, message: InboundMessage): Promise<void> {
    return deliverToCore(onInbound, message, 'discord', this.options.logger, this.options.deliveryAttempts);
  }

}
