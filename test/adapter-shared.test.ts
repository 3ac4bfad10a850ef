import { splitText } from '../adapters/shared/split-text';
import { withRetry } from '../adapters/shared/retry';

describe('splitting an over-long reply', () => {
  test('short text stays whole', () => {
    expect(splitText('hello', 100)).toEqual(['hello']);
  });

  test('every part fits the limit and nothing is lost', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} explains one more thing.`).join(' ');
    const parts = splitText(text, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(500);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text);
  });

  test('breaks at paragraph ends when it can', () => {
    const parts = splitText(`${'a'.repeat(60)}\n\n${'b'.repeat(60)}`, 100);
    expect(parts).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
  });

  test('a word longer than the limit is cut, never looping forever', () => {
    expect(splitText('x'.repeat(250), 100)).toEqual(['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
  });

  test('an emoji is never cut in half', () => {
    const parts = splitText('😀'.repeat(60), 31);
    for (const part of parts) expect(part).not.toMatch(/[\ud800-\udbff]$/);
    expect(parts.join('')).toBe('😀'.repeat(60));
  });
});

describe('retrying a platform call', () => {
  test('a transient failure is retried until it succeeds', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw new Error('503');
      return 'ok';
    }, { what: 'test', baseDelayMs: 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  test('a permanent failure fails at once; the last error is thrown after the attempts run out', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new Error('401');
    }, { what: 'test', baseDelayMs: 1, isPermanent: () => true })).rejects.toThrow('401');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new Error('down');
    }, { what: 'test', baseDelayMs: 1, attempts: 3 })).rejects.toThrow('down');
    expect(calls).toBe(3);
  });
});
