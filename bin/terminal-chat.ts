/**
 * The local try-out: a chat in the terminal against a knowledge base, showing each decision the core makes
 * and, on handoff, how staff are paged. Used by `npm start` when no platform is configured, and by tests
 * through injected streams.
 */
import type { Readable, Writable } from 'node:stream';
import type { Decision } from '../core/answerer';
import { TerminalAdapter } from '../adapters/terminal/terminal-adapter';
import type { CoreEvent, SupportCore } from '../core/support-core';

export interface TerminalChatOptions {
  core: SupportCore;
  input: Readable;
  output: Writable;
  color?: boolean;
  /** One line telling the person trying the bot where staff were paged, e.g. "the staff console below". */
  pagingNote: string;
  /** Extra commands typed in the same terminal (the local staff console's `/staff …`). */
  onCommand?: (line: string) => Promise<boolean>;
  /** Shown when the chat waits for the next line; default `you> ` on a terminal, none otherwise (tests). */
  prompt?: string;
}

/** Connect a terminal adapter to the core; resolves once the chat is listening. */
export async function startTerminalChat(options: TerminalChatOptions): Promise<TerminalAdapter> {
  const prompt = options.prompt ?? ((options.output as { isTTY?: boolean }).isTTY ? 'you> ' : undefined);
  const adapter = new TerminalAdapter({ input: options.input, output: options.output, color: options.color, onCommand: options.onCommand, prompt });
  options.core.registerAdapter(adapter);
  const kb = options.core.knowledgeBase;
  options.output.write(
    [
      `Support bot, local chat. Knowledge base: ${kb.source} (${kb.entries.length} entries).`,
      'Type a question as a customer would. A number picks one of the offered choices. /new starts a fresh conversation. Ctrl-D quits.',
      'Try: "where is my refund?", "¿dónde está mi reembolso?", "I want to talk to a person", then "never mind".',
      ...(options.onCommand ? ['You are also the staff: "/staff help" lists their commands (claim, reply, note, resolve, list).'] : []),
      '',
    ].join('\n'),
  );
  await adapter.start(options.core.handleInbound);
  return adapter;
}

/** Turn the core's events into notes for the person trying the bot. */
export function describeEvent(event: CoreEvent, pagingNote: string): string | undefined {
  switch (event.type) {
    case 'decision':
      return `decision: ${describeDecision(event.decision)} [${event.ms.toFixed(2)} ms]`;
    case 'handoff_requested':
      return `staff paged (reason: ${event.reason}; ${event.detail}); place in queue ${event.ticket.position}. ${pagingNote}`;
    case 'relayed_to_staff':
      return 'relayed to staff (while waiting the bot still answers clear FAQ questions; with a person it stays silent)';
    case 'rated':
      return `rating ${event.rating}/5 stored with the handoff record`;
    case 'duplicate_ignored':
      return undefined;
    case 'ignored_channel_disabled':
      return 'ignored: this channel is switched off by an admin';
    case 'left_queue':
      return event.why === 'left_queue' ? 'left the queue: the handoff was withdrawn and its page updated' : 'message left for staff: the handoff is now a follow-up item';
    case 'follow_up_opened':
      return `follow-up item opened for staff (${event.why === 'unhappy_rating' ? 'customer unhappy' : 'message left'})`;
  }
}

export function describeDecision(decision: Decision): string {
  const confidence = (c?: number) => (c === undefined ? '' : ` (confidence ${c.toFixed(2)})`);
  switch (decision.kind) {
    case 'answer':
      return `answer with "${decision.entryId}"${confidence(decision.confidence)}`;
    case 'clarify':
      return `clarify${decision.outOfScope ? ', probably out of scope' : ''}: offered ${decision.entryIds.join(', ') || 'nothing'} + a person${confidence(decision.confidence)}`;
    case 'handoff':
      return `hand off to a person, reason ${decision.reason} (${decision.detail})`;
    case 'small_talk':
      return `small talk (${decision.smallTalk})`;
    case 'prompt':
      return decision.why === 'not_text' ? 'not a text message: asked for text, offered a person' : 'empty message: asked for the question';
  }
}
