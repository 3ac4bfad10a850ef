/**
 * A local chat in the terminal, for trying the bot without any platform account. It is an adapter like the
 * others — it passes the same contract suite (test/terminal-contract.test.ts) — and shows what a new platform
 * takes: one folder implementing `ChannelAdapter`. It turns typed lines into InboundMessages and renders
 * OutboundMessages, choices as a numbered list (type the number to press one); `/attach <file name>` sends a
 * file without text, as a customer might; `/new` starts a fresh conversation (a new address, as a new customer
 * would have). Streams are injected so tests drive it through its input.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { decodeAddress, encodeAddress } from '../../core/address';
import type { ChannelAdapter, Choice, ConversationAddress, InboundHandler, InboundMessage, OutboundMessage } from '../../core/types';
import { sendInParts } from '../shared/send-parts';

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
  /** Shown whenever the chat waits for the next line (e.g. `you> `); none by default. */
  prompt?: string;
}

const ADDRESS: ConversationAddress = encodeAddress('terminal', ['local']);
/** Long replies are split like on a chat platform, so the try-out shows what customers would see. */
export const TERMINAL_TEXT_LIMIT = 4000;
const ATTACH_COMMAND = '/attach ';
const NEW_COMMAND = '/new';

export class TerminalAdapter implements ChannelAdapter {
  readonly platform = 'terminal';
  private current: ConversationAddress = ADDRESS;
  private conversations = 1;
  /**
   * Tells this run's `/new` conversations from an earlier run's: the store keeps conversations across restarts,
   * so "local-2" of yesterday would come back with its language, history and place in the queue.
   */
  private readonly run = Date.now().toString(36);
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
      this.pending = this.pending.then(() => this.handleLine(line, onInbound)).then(() => this.showPrompt());
    });
    this.showPrompt();
    this.readline.on('close', () => {
      void this.pending.then(() => this.markClosed());
    });
  }

  encodeAddress(parts: string[]): ConversationAddress {
    return encodeAddress(this.platform, parts);
  }

  decodeAddress(address: ConversationAddress): string[] {
    return decodeAddress(this.platform, address, { describe: '<session>' });
  }

  /** The conversation typed lines go to now (`/new` starts another). */
  get address(): ConversationAddress {
    return this.current;
  }

  /** The choices the numbers on screen stand for now, in order (typing `1` presses the first). */
  get offeredChoices(): readonly Choice[] {
    return this.lastChoices;
  }

  /** Wait until every line typed so far has been answered. */
  settled(): Promise<void> {
    return this.pending;
  }

  private async handleLine(line: string, onInbound: InboundHandler): Promise<void> {
    const text = line.trim();
    if (text === NEW_COMMAND) {
      this.conversations += 1;
      this.current = encodeAddress(this.platform, [`local-${this.run}-${this.conversations}`]);
      this.lastChoices = [];
      this.note(`new conversation (${this.current}): the bot has no memory of the last one`);
      return;
    }
    // A file without text, the way a customer might send a photo.
    const attached = text.startsWith(ATTACH_COMMAND) ? text.slice(ATTACH_COMMAND.length).trim() : undefined;
    if (!attached && this.options.onCommand && text.startsWith('/') && (await this.options.onCommand(text))) return;
    // A number picks one of the choices just offered, like pressing a button.
    const picked = /^\d+$/.test(text) ? this.lastChoices[Number(text) - 1] : undefined;
    this.counter += 1;
    const message: InboundMessage = {
      id: `local-${Date.now()}-${this.counter}`,
      address: this.current,
      customer: { id: this.current === ADDRESS ? 'local-customer' : `local-customer-${this.run}-${this.conversations}`, displayName: this.options.customerName ?? 'Dana (local customer)' },
      text: attached !== undefined ? '' : picked ? picked.label : text,
      choiceId: picked?.id,
      attachments: attached !== undefined ? [{ kind: 'file', name: attached }] : undefined,
      sentAt: new Date(),
    };
    try {
      await onInbound(message);
    } catch (err) {
      this.note(`could not process that message: ${(err as Error).message}`);
    }
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    this.decodeAddress(address); // another platform's address is an error, as on every adapter
    await sendInParts(message, {
      what: 'terminal.write',
      limit: { chars: TERMINAL_TEXT_LIMIT },
      classify: () => ({ permanent: true }), // a closed output stream will not reopen
      sendPart: async (text, choices) => {
        // A person's words carry their name already (agentMessageText); the bot's get a "Bot:" label here.
        const lines = [message.sender?.kind === 'agent' ? text : `${this.paint('1', 'Bot')}: ${text}`];
        if (choices) this.lastChoices = choices;
        (choices ?? []).forEach((choice, i) => lines.push(`   ${this.paint('36', `[${i + 1}]`)} ${choice.label}`));
        this.write(lines.join('\n')); // one write a message
      },
    });
    if (!message.choices?.length) this.lastChoices = [];
  }

  /** A side note for the person trying the bot (decisions, paging), dimmed so it reads apart from the chat. */
  note(text: string): void {
    this.write(this.paint('2', `  · ${text}`));
  }

  async stop(): Promise<void> {
    this.readline?.close();
  }

  private showPrompt(): void {
    if (this.options.prompt) this.options.output.write(this.paint('1', this.options.prompt));
  }

  private write(line: string): void {
    this.options.output.write(line + '\n');
  }

  private paint(code: string, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
