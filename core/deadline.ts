/**
 * One deadline for any awaited call that might never return (a hung platform, a model, a staff desk): `work` gets
 * an AbortSignal that fires at the deadline, and the caller gets an error then instead of waiting on. A failure of
 * `work` after the deadline is swallowed: nobody is waiting for it any more.
 */
export class DeadlineError extends Error {}

export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  timeoutError: () => Error = () => new DeadlineError(`no answer within ${ms} ms`),
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const running = work(controller.signal);
  running.catch(() => undefined);
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timeoutError());
    }, ms);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
