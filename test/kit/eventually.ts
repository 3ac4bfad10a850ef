/**
 * Wait for behaviour, not for time: poll until `check` returns something truthy. The deadline only bounds a
 * hang; a passing test never waits for it. The one polling helper of the test suite.
 */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error; // e.g. a record not there yet; report it if the deadline passes
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
