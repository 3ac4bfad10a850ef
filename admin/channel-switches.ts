/**
 * Channels switched on and off by admins at run time, in every replica.
 *
 * State lives in Redis (`{prefix}:channels:disabled`, a set); a change is published on `{prefix}:channels:changed`
 * so every process updates its local copy at once, and each process also re-reads the set every `refreshMs`
 * in case a message was missed (a reconnect), so every replica sees a change within 2 s at worst.
 *
 * `isEnabled` is synchronous (the core asks on every message) and reads the local copy. Health per channel
 * (connected, last event, last error) is kept in Redis too, so the admin page shows every replica's view.
 */
import type Redis from 'ioredis';
import type { ChannelGate } from '../core/support-core';
import type { Logger } from '../core/log';

export interface ChannelHealth {
  channel: string;
  enabled: boolean;
  connected: boolean;
  lastEventAt?: string;
  lastError?: string;
  lastErrorAt?: string;
}

export interface ChannelSwitchesOptions {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Fallback re-read interval. Default 1 s (changes are normally seen at once through pub/sub). */
  refreshMs?: number;
}

export class ChannelSwitches implements ChannelGate {
  private disabled = new Set<string>();
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private readonly setKey: string;
  private readonly topic: string;
  private readonly healthKey: string;

  constructor(private readonly options: ChannelSwitchesOptions) {
    this.setKey = `${options.keyPrefix}:channels:disabled`;
    this.topic = `${options.keyPrefix}:channels:changed`;
    this.healthKey = `${options.keyPrefix}:channels:health`;
  }

  /** Load the current state and follow changes. */
  async start(): Promise<void> {
    await this.refresh();
    this.subscriber = this.options.redis.duplicate();
    this.subscriber.on('message', () => void this.refresh());
    this.subscriber.on('error', (error) => this.options.logger.warn('channels.subscriber_error', { error }));
    await this.subscriber.subscribe(this.topic);
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
  }

  isEnabled(channel: string): boolean {
    return !this.disabled.has(channel);
  }

  async setEnabled(channel: string, enabled: boolean, by = 'admin'): Promise<void> {
    await (enabled ? this.options.redis.srem(this.setKey, channel) : this.options.redis.sadd(this.setKey, channel));
    await this.options.redis.publish(this.topic, channel);
    await this.refresh();
    this.options.logger.info(enabled ? 'channel.enabled' : 'channel.disabled', { channel, by });
  }

  /** Re-read the disabled set (also what pub/sub messages trigger). */
  async refresh(): Promise<void> {
    try {
      this.disabled = new Set(await this.options.redis.smembers(this.setKey));
    } catch (error) {
      this.options.logger.warn('channels.refresh_failed', { error }); // keep the last known state
    }
  }

  private readonly lastNoted = new Map<string, number>();

  /** A message came through this channel; recorded at most once a second per channel, off the message path. */
  noteActivity(channel: string): void {
    const now = Date.now();
    if (now - (this.lastNoted.get(channel) ?? 0) < 1000) return;
    this.lastNoted.set(channel, now);
    void this.recordEvent(channel).catch(() => undefined);
  }

  async recordEvent(channel: string): Promise<void> {
    await this.options.redis.hset(this.healthKey, `${channel}:lastEventAt`, new Date().toISOString());
  }

  async recordError(channel: string, message: string): Promise<void> {
    await this.options.redis.hset(this.healthKey, `${channel}:lastError`, message.slice(0, 500), `${channel}:lastErrorAt`, new Date().toISOString());
  }

  /** This process's own view of each channel's connection (readiness is per process; Redis holds the last report of any). */
  private readonly connectedLocally = new Map<string, boolean>();

  connectedHere(channel: string): boolean | undefined {
    return this.connectedLocally.get(channel);
  }

  async setConnected(channel: string, connected: boolean): Promise<void> {
    this.connectedLocally.set(channel, connected);
    await this.options.redis.hset(this.healthKey, `${channel}:connected`, connected ? '1' : '0');
  }

  async health(channels: readonly string[]): Promise<ChannelHealth[]> {
    const [fields, disabled] = await Promise.all([this.options.redis.hgetall(this.healthKey), this.options.redis.smembers(this.setKey)]);
    return channels.map((channel) => ({
      channel,
      enabled: !disabled.includes(channel),
      connected: fields[`${channel}:connected`] === '1',
      lastEventAt: fields[`${channel}:lastEventAt`],
      lastError: fields[`${channel}:lastError`],
      lastErrorAt: fields[`${channel}:lastErrorAt`],
    }));
  }
}
