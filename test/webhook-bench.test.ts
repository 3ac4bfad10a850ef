/**
 * The end-to-end bench section (npm run bench, "webhook"): Telegram webhook in → the real adapter, core and
 * Redis → reply at the fake Bot API, beside a bare Node HTTP server under the same driver. Here on a small run:
 * every update is answered exactly once (counted at the fake), no "typing…" for answers ready at once, and the
 * three rates (bot, bare server, grammY alone) and their ratios are reported.
 */
import { benchWebhook } from '../bench/webhook-bench';
import { REDIS_URL } from './helpers/redis';
import { EVAL_DIR, testWithEvalData } from './helpers/eval-data';

testWithEvalData('webhook bench')('a small webhook run: every update answered exactly once, the three rates and their ratios reported', async () => {
  const result = await benchWebhook(REDIS_URL, EVAL_DIR!, 400, 32, 100);
  expect(result.exactly_once).toBe(true);
  expect(result.turns).toBe(400);
  expect(result.replies_at_fake).toBe(result.replies_sent);
  expect(result.duplicates).toBe(0);
  expect(result.typing_calls).toBe(0);
  expect(result.per_second).toBeGreaterThan(0);
  expect(result.bare_per_second).toBeGreaterThan(0);
  expect(result.cpu_us_per_message).toBeGreaterThan(0);
  expect(result.ratio).toBeCloseTo(result.per_second / result.bare_per_second, 1);
  expect(result.library_per_second).toBeGreaterThan(0);
  expect(result.library_ratio).toBeCloseTo(result.library_per_second / result.bare_per_second, 1);
}, 60_000);
