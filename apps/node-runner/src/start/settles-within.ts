import { setTimeout as sleep } from 'node:timers/promises';

/** True when `work` settles within `ms`; the timer is cleared either way. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([work.then(() => true), sleep(ms, false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}
