/**
 * Polls `check` until it returns a value other than undefined (the state a test waits for),
 * or fails after `timeoutMs` naming `what`. For state with no event to wait on: read models, chain.
 */
export async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
