/**
 * The path of one customer message or click, from the front door to saved state:
 *
 *   validate → channel switched on? → conversation lock → load (+ "seen this message id?") → respond by mode
 *   → send replies → save state and mark the message id processed → unlock
 *
 * One message at a time per conversation (across processes), exactly once per platform message id. The save
 * comes last: a failure before it leaves the message unprocessed, so the platform's redelivery (or the adapter's
 * retry) runs it again; handoffs are idempotent per conversation, so a rerun never pages twice.
 */
import type { AdapterRegistry } from './adapter-registry';
import { botSpeaks, recordLine, respondInMode } from './conversation-modes';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { validateInbound } from './inbound';
import type { ChannelAdapter, InboundMessage, OutboundMessage, TranscriptLine } from './types';

/** Whether a platform is switched on, as admins set it (kept in Redis, seen by every replica). */
export interface ChannelGate {
  isEnabled(platform: string): boolean;
}

export class TurnPipeline {
  constructor(
    private readonly context: CoreContext,
    private readonly adapters: AdapterRegistry,
    private readonly channelGate?: ChannelGate,
  ) {}

  async handle(message: InboundMessage): Promise<void> {
    validateInbound(message);
    const { store, logger, emit } = this.context;
    const adapter = this.adapters.adapterFor(message.address);
    if (this.channelGate && !this.channelGate.isEnabled(adapter.platform)) {
      logger.info('message.ignored_channel_disabled', { address: message.address, id: message.id });
      emit({ type: 'ignored_channel_disabled', address: message.address, messageId: message.id });
      return;
    }
    await store.withLock(message.address, async () => {
      const { state, duplicate } = await store.load(message.address, message.id);
      if (duplicate) {
        logger.debug('message.duplicate_ignored', { address: message.address, id: message.id });
        emit({ type: 'duplicate_ignored', address: message.address, messageId: message.id });
        return;
      }
      if (botSpeaks(state)) void adapter.showTyping?.(message.address).catch(() => undefined);
      const replies = await respondInMode(this.context, state, message);
      await sendAndRecord(adapter, state, replies, { from: 'bot' });
      await store.save(state, message.id);
      emit({ type: 'turn_completed', address: message.address, messageId: message.id, replies: replies.length });
    });
  }
}

/** Send each reply in order, adding it to the transcript as it goes out. */
export async function sendAndRecord(
  adapter: ChannelAdapter,
  state: ConversationState,
  replies: OutboundMessage[],
  speaker: { from: TranscriptLine['from']; name?: string },
): Promise<void> {
  for (const reply of replies) {
    await adapter.send(state.address, reply);
    recordLine(state, { from: speaker.from, text: reply.text, at: new Date().toISOString(), name: speaker.name });
  }
}
