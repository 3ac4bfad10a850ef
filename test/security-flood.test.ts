/**
 * Issue 14 #5: a waiting customer's lines reach the page's thread at most once per interval per handoff, merged
 * in order, nothing dropped; another handoff's thread is not held up by it.
 */
import { silentLogger } from '../core/log';
import type { TranscriptLine } from '../core/types';
import { ThreadBatcher } from '../handoff/flood-control';
import { eventually } from './kit/eventually';

const line = (text: string): TranscriptLine => ({ from: 'customer', name: 'Ana', text, at: new Date().toISOString() });

test('1,000 lines in a burst become a few posts, ≥ the interval apart, with every line in order', async () => {
  const posts: { thread: string; at: number; text: string }[] = [];
  const batcher = new ThreadBatcher({
    intervalMs: 200,
    logger: silentLogger,
    post: async (page, l) => {
      posts.push({ thread: page.ts, at: Date.now(), text: l.text });
    },
  });
  const started = Date.now();
  for (let i = 0; i < 1000; i++) await batcher.add('h1', { channel: 'C', ts: 'flood' }, line(`message ${i}`));
  // Another customer's first line goes out at once, whatever the flood.
  await batcher.add('h2', { channel: 'C', ts: 'other' }, line('hello'));
  expect(posts.filter((p) => p.thread === 'other')).toHaveLength(1);

  const all = () => posts.filter((p) => p.thread === 'flood').flatMap((p) => p.text.split('\n'));
  await eventually(() => all().length === 1000, 'every line posted', 20_000);
  expect(all()).toEqual(Array.from({ length: 1000 }, (_, i) => `message ${i}`));
  const flood = posts.filter((p) => p.thread === 'flood');
  const elapsed = Date.now() - started;
  expect(flood.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
  expect(flood.length).toBeLessThan(20);
  for (let i = 1; i < flood.length; i++) expect(flood[i].at - flood[i - 1].at).toBeGreaterThanOrEqual(190);
  expect(flood.every((p) => p.text.length <= 3000)).toBe(true);
});

test('drain posts what is still held back', async () => {
  const texts: string[] = [];
  const batcher = new ThreadBatcher({ intervalMs: 60_000, logger: silentLogger, post: async (_p, l) => void texts.push(l.text) });
  await batcher.add('h', { channel: 'C', ts: 't' }, line('one'));
  await batcher.add('h', { channel: 'C', ts: 't' }, line('two'));
  await batcher.add('h', { channel: 'C', ts: 't' }, line('three'));
  expect(texts).toEqual(['one']);
  await batcher.drain();
  expect(texts).toEqual(['one', 'two\nthree']);
});
