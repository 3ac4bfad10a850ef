/**
 * Redaction and small-talk detection on 100,000-character messages (issue 14 #7): both linear, target ≤ 50 ms
 * for redaction. Inputs: prose full of personal data, and inputs shaped to hurt naive patterns.
 */
import { redact } from '../core/redact';
import { detectSmallTalk } from '../core/small-talk';

export interface RedactBench {
  chars: number;
  /** Worst input's median time, ms. */
  redact_max_ms: number;
  small_talk_max_ms: number;
  per_input_ms: Record<string, number>;
}

const INPUTS: Record<string, string> = {
  prose_with_pii: 'my card 4111 1111 1111 1111 and ana@example.com, call 555-123-4567; IBAN DE89 3704 0044 0532 0130 00; order 12345. '.repeat(900).slice(0, 100_000),
  digits_and_spaces: '1 '.repeat(50_000),
  phone_like_groups: '612 34 56 78 '.repeat(7700).slice(0, 100_000),
  at_signs: 'a@'.repeat(50_000),
  letters: 'a'.repeat(100_000),
  // Labels for core/redact-labelled.ts, each followed by a value or by what only looks like one.
  labelled_secrets: 'my pin is 1234, cvv 987, password: Tr0ub4dor, SSN 123-45-6789, born 14/03/1985. '.repeat(1250).slice(0, 100_000),
  labels_without_values: 'pin 1 password is ssn 12 '.repeat(4000).slice(0, 100_000),
  han_labels: '密码是'.repeat(33_334).slice(0, 100_000),
};

function median(run: () => void, times = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return Math.round(samples.sort((a, b) => a - b)[Math.floor(times / 2)] * 10) / 10;
}

export function benchRedaction(): RedactBench {
  const perInput: Record<string, number> = {};
  for (const [name, text] of Object.entries(INPUTS)) perInput[`redact_${name}`] = median(() => redact(text));
  const smallTalk = [('thanks ').repeat(14_000), 'hi ' + 'ok '.repeat(33_000)];
  smallTalk.forEach((text, i) => (perInput[`small_talk_${i}`] = median(() => detectSmallTalk(text))));
  const values = (prefix: string) => Object.entries(perInput).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  return { chars: 100_000, redact_max_ms: Math.max(...values('redact_')), small_talk_max_ms: Math.max(...values('small_talk_')), per_input_ms: perInput };
}
