/**
 * The local try-out, driven through its input like a person typing: replies, the decision notes, picking a
 * choice by number, and the handoff note.
 */
import type Redis from 'ioredis';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { describeEvent, startTerminalChat } from '../bin/terminal-chat';
import type { TerminalAdapter } from '../adapters/terminal/terminal-adapter';
import { RecordingHandoffPort } from './kit/recording-adapter';
import { buildCore } from './kit/core-builder';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { TerminalTypist } from './kit/terminal-typist';

const prefix = uniquePrefix('terminal');
let redis: Redis;
let adapter: TerminalAdapter;
const typist = new TerminalTypist(() => adapter);
const type = (line: string) => typist.type(line);
let handoff: RecordingHandoffPort;

beforeAll(async () => {
  redis = connectRedis();
  handoff = new RecordingHandoffPort();
  const { core } = buildCore({
    withoutAdapter: true,
    handoff,
    store: new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 600, historyLimit: 30 }),
    onEvent: (event) => {
      const note = describeEvent(event, 'A staff member would claim it now.');
      if (note) adapter.note(note);
    },
  });
  adapter = await startTerminalChat({ core, input: typist.input, output: typist.out, pagingNote: 'A staff member would claim it now.' });
});

afterAll(async () => {
  await adapter.stop();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

test('the banner says which knowledge base is loaded and how to use the chat', () => {
  expect(typist.output).toMatch(/Knowledge base: .*demo-shop\.yaml \(30 entries\)/);
  expect(typist.output).toContain('A number picks one of the offered choices');
});

test('a question is answered, with the decision shown', async () => {
  const shown = await type('how much is the late fee?');
  expect(shown).toMatch(/Bot: A late fee of €5/);
  expect(shown).toMatch(/decision: answer with "late-fee" \(confidence \d\.\d\d\)/);
});

test('an unclear question offers numbered choices, and typing a number picks one', async () => {
  const shown = await type('payment');
  expect(shown).toMatch(/decision: clarify/);
  expect(shown).toMatch(/\[1\] /);
  const person = shown.split('\n').find((l) => l.includes('Talk to a person'))!;
  expect(person).toMatch(/\[5\] Talk to a person/); // 4 likely entries, then the person
  const picked = await type('1');
  expect(picked).toMatch(/decision: answer with "/);
});

test('a request for a person shows the handoff and that staff are paged', async () => {
  const shown = await type('I want to talk to a real person');
  expect(shown).toMatch(/decision: hand off to a person, reason asked_for_person/);
  expect(shown).toMatch(/staff paged \(reason: asked_for_person/);
  expect(shown).toMatch(/Bot: Of course\. I'm getting you a person\. You're number 1 in line/);
  expect(handoff.requests).toHaveLength(1);

  const whileWaiting = await type('are you there?');
  expect(whileWaiting).toMatch(/relayed to staff/);
  expect(whileWaiting).not.toMatch(/decision:/);
});
