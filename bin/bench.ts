/**
 * npm run bench [-- --json] [-- --only webhook]
 *
 * Prints figures section by section; with --json the last line is one JSON object:
 * {"decision":{...},"message_path":{...},"webhook":{...},"handoff":{...},"learning":{...}}.
 * --only runs one section (redaction, decision, message_path, webhook, handoff, learning).
 */
import { benchDecisions } from '../bench/decision-bench';
import { findEvalDir } from '../bench/eval-data';
import { benchMessagePath } from '../bench/message-path-bench';
import { runHandoffBench } from '../bench/handoff-bench';
import { benchLearning } from '../bench/learning-bench';
import { benchWebhook } from '../bench/webhook-bench';
import { benchRedaction } from '../bench/redact-bench';
import { parseFlags } from './flags';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { json: 'boolean', only: 'string' }, 'usage: npm run bench [-- --json] [--only SECTION]');
  const only = typeof flags.only === 'string' ? flags.only : undefined;
  const run = (section: string) => !only || only === section;
  const evalDir = findEvalDir();
  if (!evalDir) {
    console.error('The benchmark needs the evaluation data: set EVAL_DIR, or put it at ../shared/eval beside the project.');
    return 2;
  }
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const results: Record<string, unknown> = {};

  if (run('redaction')) {
    const redaction = benchRedaction();
    results.redaction = redaction;
    console.log(`redaction    ${redaction.chars} characters: redact worst ${redaction.redact_max_ms} ms (target ≤ 50 ms), small talk worst ${redaction.small_talk_max_ms} ms`);
  }

  if (run('decision')) {
    const decision = benchDecisions(evalDir);
    results.decision = decision;
    console.log(
      `decision     ${decision.kb_entries} entries: loaded and trained in ${decision.kb_load_ms} ms, ${decision.kb_memory_mb} MB heap; ` +
        `${decision.per_second} decisions/s, p50 ${decision.p50_ms} ms, p99 ${decision.p99_ms} ms (target p99 ≤ 1 ms)`,
    );
  }

  // Loaded: many conversations in flight, as a busy bot sees them. Unloaded: one at a time, the path's own latency.
  if (run('message_path')) {
    const path = await benchMessagePath(redisUrl, evalDir, 6000, 1500, 16);
    const unloaded = await benchMessagePath(redisUrl, evalDir, 2000, 1000, 1);
    results.message_path = { ...path, unloaded_p50_ms: unloaded.p50_ms, unloaded_p99_ms: unloaded.p99_ms };
    console.log(
      `message path ${path.messages} messages over ${path.conversations} conversations, ${path.concurrency} in flight, through Redis: ` +
        `${path.per_second} messages/s, p50 ${path.p50_ms} ms, p99 ${path.p99_ms} ms; one at a time: p50 ${unloaded.p50_ms} ms, p99 ${unloaded.p99_ms} ms`,
    );
  }

  // End to end over HTTP: Telegram webhook in → reply at the fake Bot API, against a bare Node HTTP server.
  if (run('webhook')) {
    const webhook = await benchWebhook(redisUrl, evalDir);
    results.webhook = webhook;
    console.log(
      `webhook      ${webhook.messages} Telegram updates over ${webhook.conversations} chats, ${webhook.in_flight} in flight, HTTP in → reply at the fake Bot API (driver and fake in another process): ` +
        `${webhook.per_second} msg/s (${webhook.cpu_us_per_message} µs of the bot's CPU per message); bare Node HTTP server, same driver: ${webhook.bare_per_second} req/s; ratio ${webhook.ratio} (target ≥ 0.25); ` +
        `grammY alone, same driver (webhook in, one sendMessage out, no core, no Redis): ${webhook.library_per_second} req/s, ratio ${webhook.library_ratio}; ` +
        `answered exactly once: ${webhook.exactly_once ? 'yes' : 'NO'} (${webhook.turns} turns, ${webhook.replies_at_fake} replies at the fake, ${webhook.duplicates} duplicates, ${webhook.typing_calls} typing calls)`,
    );
  }

  if (run('handoff')) {
    const handoff = await runHandoffBench();
    results.handoff = handoff;
    console.log(
      `handoff      escalation → page posted (fake Slack Web API): p50 ${handoff.page_p50_ms} ms, p99 ${handoff.page_p99_ms} ms (target p99 ≤ 250 ms); ` +
        `${handoff.queued} handoffs queued, ${handoff.paged} paged, ${handoff.doubled} doubled`,
    );
  }

  if (run('learning')) {
    const learning = benchLearning(evalDir);
    results.learning = learning;
    console.log(
      `learning     staff taught ${learning.taught} missed questions from half the eval cases; on the other (never taught) half: ` +
        `answered right ${learning.before.answered_right} → ${learning.after.answered_right}, wrong ${learning.before.answered_wrong} → ${learning.after.answered_wrong}, ` +
        `offered ${learning.before.right_offered} → ${learning.after.right_offered}`,
    );
  }

  if (flags.json) console.log(JSON.stringify(results));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`bench failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  },
);
