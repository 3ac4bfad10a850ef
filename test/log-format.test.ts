/**
 * LOG_FORMAT=json: one JSON object per line with the same fields as the text format; text stays the default.
 */
import { createLogger } from '../core/log';

function capture(format?: 'text' | 'json', level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(line), format) };
}

describe('log lines', () => {
  test('json: time (ISO), level, event and the fields, one object per line', () => {
    const { lines, logger } = capture('json');
    logger.info('handoff.paged', { handoffId: 'h1', attempt: 2, channels: ['slack'], note: 'two\nlines', skipped: undefined });
    logger.debug('not.shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const record = JSON.parse(lines[0]);
    expect(Object.keys(record).slice(0, 3)).toEqual(['time', 'level', 'event']);
    expect(record).toEqual({ time: expect.any(String), level: 'info', event: 'handoff.paged', handoffId: 'h1', attempt: 2, channels: ['slack'], note: 'two\nlines' });
    expect(new Date(record.time).toISOString()).toBe(record.time);
  });

  test('json: errors become {name, message, stack}, also nested; odd values never break the line', () => {
    const { lines, logger } = capture('json');
    const cause = new TypeError('socket hang up');
    const error = new Error('send failed', { cause });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    logger.error('send.failed', { error, detail: { inner: new RangeError('bad') }, big: 10n, cyclic, level: 'shadow' });
    const record = JSON.parse(lines[0]);
    expect(record.level).toBe('error');
    expect(record._level).toBe('shadow');
    expect(record.error).toMatchObject({ name: 'Error', message: 'send failed', cause: { name: 'TypeError', message: 'socket hang up' } });
    expect(record.error.stack).toContain('send failed');
    expect(record.detail.inner).toMatchObject({ name: 'RangeError', message: 'bad' });
    expect(record.big).toBe('10');
    expect(record.cyclic).toEqual({ a: 1, self: '[Circular]' });
  });

  test('text stays the default: time LEVEL event key=value', () => {
    const { lines, logger } = capture();
    logger.warn('channel.failed', { channel: 'telegram', error: new Error('401 Unauthorized') });
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN  channel\.failed channel=telegram error="401 Unauthorized"$/);
  });
});
