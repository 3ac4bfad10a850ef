/**
 * A local chat in the terminal, for trying the bot without any platform account. It is an adapter like the
 * others: it turns typed lines into InboundMessages and renders OutboundMessages, choices as a numbered list
 * (type the number to press one). Streams are injected so tests drive it through its input.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelAdapter, Choice, ConversationAddress, InboundHandler, OutboundMessage } from '../../core/types';

export interface TerminalAdapterOptions {
  input: Readable;
  output: Writable;
  /** Who the local customer is. */
  customerName?: string;
  /** Colour the output (on for a TTY). */
  color?: boolean;
  /**
   * Lines starting with this prefix are not customer messages but commands for someone else (the staff console
   * takes `/staff …`). Called with the whole line; return true when handled.
   */
  onCommand?: (line: string) => Promise<boolean>;
}

const ADDRESS: ConversationAddress = 'terminal:local';

export class TerminalAdapter implements ChannelAdapter {
  readonly platform = 'terminal';
  readonly address = ADDRESS;
  private readline?: Interface;
  private lastChoices: Choice[] = [];
  private counter = 0;
  /** Resolves when the input ends (Ctrl-D, or the test closes its stream). */
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  /** Every line handled so far, in order, so tests can wait for the chat to settle. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: TerminalAdapterOptions) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  async start(onInbound: InboundHandler): Promise<void> {
    this.readline = createInterface({ input: this.options.input, terminal: false });
    this.readline.on('line', (line) => {
      this.pending = this.pending.then(() => this.handleLine(line, onInbound));
    });
    this.readline.on('close', () => {
      void this.pending.then(() => this.markClosed());
    });
  }

  /** Wait until every line typed so far has been answered. */
  settled(): Promise<void> {
    return this.pending;
  }

  private async handleLine(line: string, onInbound: InboundHandler): Promise<void> {
    const text = line.trim();
    if (this.options.onCommand && text.startsWith('/') && (await this.options.onCommand(text))) return;
    // A number picks one of the choices just offered, like pressing a button.
    const picked = /^\d+$/.test(text) ? this.lastChoices[Number(text) - 1] : undefined;
    this.counter += 1;
    try {
      await onInbound({
        id: `local-${Date.now()}-${this.counter}`,
        address: ADDRESS,
        customer: { id: 'local-customer', displayName: this.options.customerName ?? 'Dana (local customer)' },
        text: picked ? picked.label : text,
        choiceId: picked?.id,
        sentAt: new Date(),
      });
    } catch (err) {
      this.note(`could not process that message: ${(err as Error).message}`);
    }
  }

  async send(_address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const speaker = message.sender?.kind === 'agent' ? `${message.sender.name} (staff)` : 'Bot';
    this.write(`${this.paint('1', speaker)}: ${message.text}`);
    this.lastChoices = message.choices ?? [];
    this.lastChoices.forEach((choice, i) => this.write(`   ${this.paint('36', `[${i + 1}]`)} ${choice.label}`));
  }

  /** A side note for the person trying the bot (decisions, paging), dimmed so it reads apart from the chat. */
  note(text: string): void {
    this.write(this.paint('2', `  · ${text}`));
  }

  async stop(): Promise<void> {
    this.readline?.close();
  }

  private write(line: string): void {
    this.options.output.write(line + '\n');
  }

  private paint(code: string, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
