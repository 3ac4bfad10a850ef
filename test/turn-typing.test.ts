/**
 * "typing…" only for slow turns: an answer ready at once is just sent (no extra platform call per message); a
 * turn still working after TYPING_AFTER_MS (a slow handoff, a language model) shows typing once, before its reply.
 */
import { TYPING_AFTER_MS } from '../core/turn-pipeline';
import type { ConversationAddress, HandoffRequest, OutboundMessage } from '../core/types';
import { buildCore, demoAnswerer } from './kit/core-builder';
import { RecordingAdapter, RecordingHandoffPort } from './kit/recording-adapter';

class TypingAdapter extends RecordingAdapter {
  readonly calls: string[] = [];
  async showTyping(address: ConversationAddress) {
    this.calls.push(`typing ${address}`);
  }
  async send(address: ConversationAddress, message: OutboundMessage) {
    this.calls.push(`send ${address}`);
    await super.send(address, message);
  }
}

class SlowHandoff extends RecordingHandoffPort {
  async requestHandoff(request: HandoffRequest) {
    await new Promise((resolve) => setTimeout(resolve, TYPING_AFTER_MS + 300));
    return super.requestHandoff(request);
  }
}

beforeAll(() => {
  demoAnswerer(); // trained once, outside the test's own time
}, 120_000);

test('an instant answer shows no typing; a turn slower than TYPING_AFTER_MS shows it once, before the reply', async () => {
  const { say, adapter } = buildCore({ adapter: new TypingAdapter(), handoff: new SlowHandoff() });
  await say('test:fast', 'how does paying later work?');
  expect(adapter.calls.filter((c) => c.startsWith('send test:fast')).length).toBeGreaterThan(0);
  expect(adapter.calls.filter((c) => c.startsWith('typing'))).toEqual([]); // the turn is over: its timer was cleared

  await say('test:slow', 'I want to talk to a real person');
  const slow = adapter.calls.filter((c) => c.endsWith('test:slow'));
  expect(slow[0]).toBe('typing test:slow');
  expect(slow.filter((c) => c.startsWith('typing'))).toHaveLength(1);
  expect(slow.slice(1).every((c) => c.startsWith('send'))).toBe(true);
}, 20_000);
