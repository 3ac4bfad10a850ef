/** Where the shared evaluation data is: EVAL_DIR, else ../shared/eval beside the project. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function findEvalDir(): string | undefined {
  const dir = process.env.EVAL_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'eval');
  // From dist/bench the project root is two levels up; from bench/ (ts-jest) one. Try both.
  const candidates = [dir, resolve(__dirname, '..', '..', 'shared', 'eval')];
  return candidates.find((d) => existsSync(join(d, 'banking77-faq-10.json')));
}
