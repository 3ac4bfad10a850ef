/**
 * What staff do to a conversation (the handoff side calls these through `HandoffCore`): claim it, write to the
 * customer, hand it back. Each runs under the conversation's lock, like a customer turn, so it never interleaves
 * with one; the customer is told in their own app.
 */
import type { AdapterRegistry } from './adapter-registry';
import { closeForRating, joinAgent, startAfresh } from './conversation-modes';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { FALLBACK_LANGUAGE } from './i18n/languages';
import { agentJoinedReply, backWithAssistantReply, followUpAnswerText, nobodyFreeReply, ratingQuestionReply } from './replies';
import { sendAndRecord } from './turn-pipeline';
import type { ConversationAddress, OutboundMessage, TranscriptLine } from './types';

export class StaffTransitions {
  constructor(
    private readonly context: CoreContext,
    private readonly adapters: AdapterRegistry,
  ) {}

  /** A staff member claimed the conversation: the customer is told a person (by first name) has joined. */
  async markClaimed(address: ConversationAddress, agentName: string): Promise<void> {
    await this.update(address, (state) => {
      joinAgent(state);
      return [agentJoinedReply(languageOf(state), firstName(agentName))];
    });
  }

  /**
   * A staff member wrote in the thread: deliver it to the customer under the agent's name. A customer no longer
   * with a person (a follow-up answered later) reads it after "About the message you left us:".
   */
  async relayAgentMessage(address: ConversationAddress, agentName: string, text: string): Promise<void> {
    const name = firstName(agentName);
    await this.update(
      address,
      (state): OutboundMessage[] =>
        state.mode === 'with_agent' || state.mode === 'waiting'
          ? [{ text, sender: { kind: 'agent', name }, language: languageOf(state) }]
          : [{ text: followUpAnswerText(languageOf(state), name, text), sender: { kind: 'bot' }, language: languageOf(state) }],
      { from: 'agent', name: agentName },
    );
  }

  /** Nobody claimed in time (or after the last escalation): the customer is told honestly and may leave a message. */
  async tellNobodyFree(address: ConversationAddress): Promise<void> {
    await this.update(address, (state) => (state.mode === 'waiting' ? [nobodyFreeReply(languageOf(state))] : []));
  }

  /**
   * Staff finished: the conversation goes back to the bot. After a resolution the customer is asked for a
   * rating (1–5) first; "return to bot" without a person's help skips the question.
   */
  async handBack(address: ConversationAddress, options: { askForRating: boolean }): Promise<void> {
    await this.update(address, (state) => {
      if (!options.askForRating) {
        startAfresh(state);
        return [backWithAssistantReply(languageOf(state))];
      }
      closeForRating(state);
      return [ratingQuestionReply(languageOf(state))];
    });
  }

  private async update(
    address: ConversationAddress,
    change: (state: ConversationState) => OutboundMessage[],
    speaker: { from: TranscriptLine['from']; name?: string } = { from: 'bot' },
  ): Promise<void> {
    const adapter = this.adapters.adapterFor(address);
    const { store } = this.context;
    await store.withLock(address, async () => {
      const { state } = await store.load(address);
      await sendAndRecord(adapter, state, change(state), speaker);
      await store.save(state);
    });
  }
}

function languageOf(state: ConversationState) {
  return state.language ?? FALLBACK_LANGUAGE;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || 'A team member';
}
