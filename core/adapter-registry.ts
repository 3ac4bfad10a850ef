/** The channel adapters the core can reach, by the platform prefix of an address. */
import { UnknownPlatformError } from './errors';
import { platformOf, type ChannelAdapter, type ConversationAddress } from './types';

export class AdapterRegistry {
  private readonly adapters = new Map<string, ChannelAdapter>();

  register(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.platform)) throw new Error(`An adapter for "${adapter.platform}" is already registered.`);
    this.adapters.set(adapter.platform, adapter);
  }

  /** The adapter owning an address; a clear, permanent error for an unknown platform. */
  adapterFor(address: ConversationAddress): ChannelAdapter {
    const platform = platformOf(address);
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new UnknownPlatformError(platform, [...this.adapters.keys()]);
    return adapter;
  }
}
