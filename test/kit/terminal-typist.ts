/**
 * A terminal driven like a person typing: the streams to hand the terminal chat, everything it printed, and
 * `type(line)` → what it printed in answer once the turn settled.
 */
import { PassThrough } from 'node:stream';

export class TerminalTypist {
  readonly input = new PassThrough();
  readonly out = new PassThrough();
  /** Everything printed so far. */
  output = '';

  constructor(private readonly terminal: () => { settled(): Promise<void> }) {
    this.out.on('data', (chunk) => (this.output += chunk.toString()));
  }

  async type(line: string): Promise<string> {
    const before = this.output.length;
    this.input.write(line + '\n');
    await new Promise((resolve) => setImmediate(resolve));
    await this.terminal().settled();
    return this.output.slice(before);
  }
}
