/**
 * One way to build a SupportCore for a test: the demo knowledge base, a recording adapter and handoff port,
 * the in-memory state port unless a test needs Redis, and an event log to wait on. Override any part.
 */
import { join } from 'node:path';
import { Answerer } from '../../core/answerer';
import type { ConversationStore } from '../../core/conversation-store';
import { loadKnowledgeBaseFile } from '../../core/knowledge-base';
import { silentLogger, type Logger } from '../../core/log';
import { MemoryConversationStore } from '../../core/memory-conversation-store';
import { SupportCore, type SupportCoreOptions } from '../../core/support-core';
import type { ChannelAdapter, HandoffPort, InboundMessage } from '../../core/types';
import { CoreEventLog } from './core-events';
import { RecordingAdapter, RecordingHandoffPort } from './recording-adapter';

export const DEMO_KB_FILE = join(__dirname, '..', '..', 'kb', 'demo-shop.yaml');

let trained: Answerer | undefined;
/** The demo KB's answerer, trained once per test file. */
export function demoAnswerer(): Answerer {
  trained ??= new Answerer(loadKnowledgeBaseFile(DEMO_KB_FILE));
  return trained;
}

export interface BuiltCore<A extends ChannelAdapter, H extends HandoffPort> {
  core: SupportCore;
  adapter: A;
  handoff: H;
  store: ConversationStore;
  events: CoreEventLog;
  /** A customer message (or click) through the front door, with a fresh message id. */
  say(address: string, text: string, extra?: Partial<InboundMessage>): Promise<void>;
}

export interface BuildCoreOptions<A extends ChannelAdapter, H extends HandoffPort> extends Partial<Omit<SupportCoreOptions, 'handoff'>> {
  adapter?: A;
  /** The caller registers its own adapter (e.g. the terminal chat does). */
  withoutAdapter?: boolean;
  handoff?: H;
  logger?: Logger;
}

let messageCounter = 0;

export function buildCore<A extends ChannelAdapter = RecordingAdapter, H extends HandoffPort = RecordingHandoffPort>(
  options: BuildCoreOptions<A, H> = {},
): BuiltCore<A, H> {
  const { adapter = new RecordingAdapter() as unknown as A, handoff = new RecordingHandoffPort() as unknown as H, onEvent, withoutAdapter, ...rest } = options;
  const events = new CoreEventLog();
  const store = rest.store ?? new MemoryConversationStore({ keyPrefix: 'test', ttlSeconds: 600, historyLimit: 30 });
  const core = new SupportCore({
    answerer: demoAnswerer(),
    logger: silentLogger,
    maxMessageChars: 2000,
    ...rest,
    store,
    handoff,
    onEvent: (event) => events.listener(event, onEvent),
  });
  if (!withoutAdapter) core.registerAdapter(adapter);
  return {
    core,
    adapter,
    handoff,
    store,
    events,
    async say(address, text, extra = {}) {
      messageCounter += 1;
      await core.handleInbound({ id: `m-${process.pid}-${messageCounter}`, address, customer: { id: address, displayName: 'Ana Lima' }, text, sentAt: new Date(), ...extra });
    },
  };
}
