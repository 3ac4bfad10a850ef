/**
 * The terminal as the adapter contract drives it: typed lines in, the rendered chat out. The "platform" is the
 * pair of streams; the harness reads what the customer would see on the screen, and presses a button the way a
 * person does, by typing its number.
 */
import { PassThrough, type Writable } from 'node:stream';
import { TERMINAL_TEXT_LIMIT, TerminalAdapter } from '../../adapters/terminal/terminal-adapter';
import type { InboundHandler, InboundMessage } from '../../core/types';
import type { AdapterHarness, DeliveredMessage } from './adapter-contract';

const CHOICE_LINE = /^ {3}\[(\d+)\] (.*)$/;

export class TerminalHarness implements AdapterHarness {
  readonly address = 'terminal:local';
  readonly maxMessageLength = TERMINAL_TEXT_LIMIT;
  private readonly input = new PassThrough();
  private readonly screen: DeliveredMessage[] = [];
  /** Every message the terminal handed to the core, by id: a "redelivery" hands the same one again. */
  private readonly seen = new Map<string, InboundMessage>();
  private handler?: InboundHandler;
  private adapter?: TerminalAdapter;

  async createAdapter() {
    // One write per message (the adapter's contract with its output), read synchronously so the numbers on
    // screen are matched with the choices they stand for at that moment.
    const output = { write: (chunk: string) => this.onScreen(String(chunk)) } as unknown as Writable;
    const adapter = new TerminalAdapter({ input: this.input, output });
    const start = adapter.start.bind(adapter);
    adapter.start = (onInbound) => {
      this.handler = onInbound;
      return start(async (message) => {
        this.seen.set(message.id, message);
        await onInbound(message);
      });
    };
    this.adapter = adapter;
    return adapter;
  }

  private onScreen(chunk: string): boolean {
    const lines = chunk.replace(/\n$/, '').split('\n');
    if (lines[0].startsWith('  · ')) return true; // a side note for the person trying the bot, not a chat message
    const firstChoice = lines.findIndex((l) => CHOICE_LINE.test(l));
    const textLines = firstChoice === -1 ? lines : lines.slice(0, firstChoice);
    const numbers = firstChoice === -1 ? [] : lines.slice(firstChoice).map((l) => Number(CHOICE_LINE.exec(l)![1]));
    const offered = this.adapter!.offeredChoices;
    this.screen.push({ text: textLines.join('\n').replace(/^Bot: /, ''), choiceIds: numbers.map((n) => offered[n - 1].id) });
    return true;
  }

  private async type(line: string): Promise<void> {
    this.input.write(line + '\n');
    await new Promise((r) => setImmediate(r));
    await this.adapter!.settled();
  }

  async customerSays(text: string) {
    const before = new Set(this.seen.keys());
    await this.type(text);
    return [...this.seen.keys()].find((id) => !before.has(id))!;
  }

  async redeliver(id: string) {
    await this.handler!(this.seen.get(id)!);
  }

  async customerClicks(choiceId: string) {
    const index = this.adapter!.offeredChoices.findIndex((c) => c.id === choiceId);
    expect(index).toBeGreaterThanOrEqual(0);
    await this.type(String(index + 1));
  }

  async customerSendsNonText() {
    await this.type('/attach photo-of-the-parcel.jpg');
  }

  delivered(): DeliveredMessage[] {
    return this.screen;
  }

  async close() {
    this.input.end();
  }
}
