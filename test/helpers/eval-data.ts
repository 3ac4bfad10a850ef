/**
 * Tests that need the shared evaluation data find it here (EVAL_DIR, else ../shared/eval beside the project) and,
 * only where it is absent, skip with a message saying why.
 */
import { findEvalDir } from '../../bench/eval-data';

export const EVAL_DIR = findEvalDir();

/** `test` when the data is there, else `test.skip` after saying what is missing. */
export function testWithEvalData(what: string): jest.It {
  if (EVAL_DIR) return test;
  console.warn(`${what}: skipped, the evaluation data is absent (set EVAL_DIR, or put it at ../shared/eval beside the project).`);
  return test.skip;
}
