/**
 * The terminal try-out of issue 11, typed like a person: a prompt, `/staff help` in the banner, `/new` for a fresh
 * conversation, `/staff note` for internal notes, and "never mind" taking the customer back to the bot. The real
 * core, Redis, BullMQ and the local staff console.
 */
import { PassThrough } from 'node:stream';
import { TerminalAdapter } from '../adapters/terminal/terminal-adapter';
import { startTerminalChat } from '../bin/terminal-chat';
import { t } from '../core/i18n/catalogue';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';
import { TerminalTypist } from './kit/terminal-typist';

let h: Harness;
let adapter: TerminalAdapter;
const typist = new TerminalTypist(() => adapter);
const type = (line: string) => typist.type(line);

beforeAll(async () => {
  h = await startHarness({ slack: false, consoleOutput: typist.out });
  adapter = await startTerminalChat({ core: h.core, input: typist.input, output: typist.out, pagingNote: 'See the staff console.', prompt: 'you> ', onCommand: h.handoff.console!.handleCommand });
});

afterAll(async () => {
  await adapter.stop();
  await h.close();
});

test('the banner mentions /staff help and /new, and the chat shows a prompt when it waits', async () => {
  expect(typist.output).toContain('"/staff help"');
  expect(typist.output).toContain('/new starts a fresh conversation');
  expect(typist.output.endsWith('you> ')).toBe(true);
  const shown = await type('how much is the late fee?');
  expect(shown).toMatch(/Bot: A late fee of €5/);
  expect(shown.endsWith('you> ')).toBe(true);
});

test('/staff note keeps a note among staff; /staff help lists the commands', async () => {
  await type('I want to talk to a person');
  const id = await eventually(() => h.handoff.records.openIdFor(adapter.address), 'handoff opened');
  await eventually(async () => (await h.handoff.records.get(id))?.page, 'paged on the console');
  expect(await type('/staff claim')).toContain(`You have ${id}`);
  expect(await type('/staff note she already tried twice')).toContain('Note kept among staff.');
  expect(typist.output).not.toMatch(/Bot: .*she already tried twice/);
  await type('/staff return');
  expect(await type('/staff help')).toMatch(/note <text>.*resolve \[id\] \[--confirm\]/);
});

test('never mind takes the customer back to the bot; /new starts a fresh conversation with the bot', async () => {
  await type('I want to talk to a real person');
  const waiting = adapter.address;
  expect((await h.core.getState(waiting))!.mode).toBe('waiting');
  await type('never mind');
  expect(await type('yes, never mind')).toContain(t('en', 'neverMind.left'));
  expect((await h.core.getState(waiting))!.mode).toBe('bot');

  await type('I want to talk to a person');
  expect(await type('/new')).toContain('new conversation');
  expect(adapter.address).not.toBe(waiting);
  const shown = await type('how much is the late fee?');
  expect(shown).toMatch(/Bot: A late fee of €5/);
  expect((await h.core.getState(adapter.address))!.mode).toBe('bot');
});

test("/new after a restart is a conversation the store has never seen, not the earlier run's of the same number", async () => {
  await type('/new');
  const earlier = adapter.address;
  await type('¿cuánto cuesta el envío?');
  expect((await h.core.getState(earlier))!.language).toBe('es');
  // The bot starts again later: a new adapter over the same store, its first /new.
  await new Promise((resolve) => setTimeout(resolve, 2));
  const input = new PassThrough();
  const restarted = new TerminalAdapter({ input, output: new PassThrough() });
  await restarted.start(async () => undefined);
  // As many /new as this run typed, so the same number comes up again.
  const number = Number(earlier.split('-').at(-1));
  for (let i = 1; i < number; i++) input.write('/new\n');
  await new Promise((resolve) => setImmediate(resolve));
  await restarted.settled();
  expect(restarted.address.split('-').at(-1)).toBe(String(number));
  expect(restarted.address).not.toBe(earlier);
  expect(await h.core.getState(restarted.address)).toBeUndefined();
  input.end();
  await restarted.stop();
});
