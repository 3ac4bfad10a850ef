/** Where the shared evaluation data is: EVAL_DIR when set, else ../shared/eval beside the project. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function findEvalDir(): string | undefined {
  // This file runs from bench/ (ts-jest) and from dist/bench/ (npm run bench): the project root is one or two up.
  const candidates = process.env.EVAL_DIR
    ? [resolve(process.env.EVAL_DIR)]
    : [resolve(__dirname, '..', '..', 'shared', 'eval'), resolve(__dirname, '..', '..', '..', 'shared', 'eval')];
  return candidates.find((dir) => existsSync(join(dir, 'banking77-faq-10.json')) && existsSync(join(dir, 'banking77-cases.jsonl')));
}
