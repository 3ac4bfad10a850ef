/**
 * The path of one customer message or click, from the front door to saved state:
 *
 *   validate → channel switched on? → "seen this message id?" + conversation lock + load (one Redis round trip)
 *   → respond by mode → send replies → save state + mark the message id processed + unlock (one round trip)
 *
 * One message at a time per conversation (across processes), exactly once per platform message id. The save
 * comes last: a failure before it leaves the message unprocessed, so the platform's redelivery (or the adapter's
 * retry) runs it again; handoffs are idempotent per conversation, so a rerun never pages twice.
 */
import type { AdapterRegistry } from './adapter-registry';
import { botSpeaks, recordLine, recordWithoutAnswer, respondInMode } from './conversation-modes';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { validateInbound } from './inbound';
import { onlyOfferedChoice, rememberOffered } from './offered-choices';
import type { ChannelAdapter, InboundMessage, OutboundMessage, TranscriptLine } from './types';

/** A turn still deciding after this long shows "typing…"; an answer ready sooner is just sent. */
export const TYPING_AFTER_MS = 300;

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

  async handle(received: InboundMessage): Promise<void> {
    validateInbound(received);
    let message = received;
    const { store, logger, emit } = this.context;
    const adapter = this.adapters.adapterFor(message.address);
    if (this.channelGate && !this.channelGate.isEnabled(adapter.platform)) {
      logger.info('message.ignored_channel_disabled', { address: message.address, id: message.id });
      emit({ type: 'ignored_channel_disabled', address: message.address, messageId: message.id });
      return;
    }
    const outcome = await store.withTurn(message.address, message.id, async (state, lock) => {
      // The per-customer rate limit (core/rate-limit.ts), after the duplicate check so that a platform's
      // redeliveries of one message do not count: over it, recorded and relayed, not answered.
      const rate = (await this.context.rateLimiter?.check(message.address)) ?? 'ok';
      if (rate !== 'ok') logger.info('message.rate_limited', { address: message.address, id: message.id, first: rate === 'first_excess' });
      message = onlyOfferedChoice(state, received, logger); // a click on a choice never offered here is read as text
      // Typing only when the turn is slow (a language model, a slow handoff): an instant answer needs none.
      const typing =
        adapter.showTyping && botSpeaks(state)
          ? setTimeout(() => void adapter.showTyping?.(message.address).catch(() => undefined), TYPING_AFTER_MS)
          : undefined;
      try {
        const replies = rate === 'ok' ? await respondInMode(this.context, state, message) : await recordWithoutAnswer(this.context, state, message, rate === 'first_excess');
        clearTimeout(typing);
        await sendAndRecord(adapter, state, replies, { from: 'bot' });
        await store.commit(state, message.id, lock);
        return replies.length;
      } finally {
        clearTimeout(typing);
      }
    });
    if (outcome.duplicate) {
      logger.debug('message.duplicate_ignored', { address: message.address, id: message.id });
      emit({ type: 'duplicate_ignored', address: message.address, messageId: message.id });
      return;
    }
    emit({ type: 'turn_completed', address: message.address, messageId: message.id, replies: outcome.result });
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
    rememberOffered(state, reply);
  }
}
