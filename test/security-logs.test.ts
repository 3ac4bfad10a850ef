/**
 * Issue 14 #2: a customer message the core could not process is logged without the customer's card, e-mail,
 * phone or a name that carries them.
 */
import type { Logger } from '../core/log';
import { PermanentError } from '../core/errors';
import { deliver } from '../adapters/shared/deliver';

test('customer_message_not_processed logs the text and name redacted', async () => {
  const lines: { event: string; fields: Record<string, unknown> }[] = [];
  const capture = (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields: fields ?? {} });
  const logger: Logger = { debug: capture, info: capture, warn: capture, error: capture };
  const text = 'card 4111 1111 1111 1111, ana@example.com, +44 20 7946 0958';
  const outcome = await deliver(
    async () => {
      throw new PermanentError('cannot process');
    },
    { id: 'm1', address: 'telegram:log-1', customer: { id: 'c1', displayName: 'Ana ana@example.com' }, text, sentAt: new Date() },
    'telegram',
    logger,
    { attempts: 1 },
  );
  expect(outcome).toBe('logged');
  const line = lines.find((l) => l.event === 'telegram.customer_message_not_processed');
  expect(line).toBeDefined();
  const logged = JSON.stringify(line!.fields);
  expect(logged).not.toMatch(/4111 1111|ana@example|7946/);
  expect(logged).toContain('[card …1111]');
});
