/**
 * The terminal adapter passes the same contract as Telegram, Discord, Teams and Slack: a fifth platform is one
 * folder implementing `ChannelAdapter`.
 */
import { TerminalAdapter } from '../adapters/terminal/terminal-adapter';
import { PassThrough } from 'node:stream';
import { runAdapterContract } from './helpers/adapter-contract';
import { TerminalHarness } from './helpers/terminal-harness';

runAdapterContract('terminal', () => new TerminalHarness());

test('the terminal owns terminal: addresses only', () => {
  const adapter = new TerminalAdapter({ input: new PassThrough(), output: new PassThrough() });
  expect(adapter.decodeAddress(adapter.address)).toEqual(['local']);
  expect(adapter.encodeAddress(['local'])).toBe(adapter.address);
  expect(() => adapter.decodeAddress('telegram:1')).toThrow(/not a terminal address/);
});
