import { CorexError } from '@corex/platform';

/** The guardian API did not produce the VAA: `GUARDIAN.TIMEOUT` (not signed in time) or `GUARDIAN.BAD_RESPONSE`. */
export class GuardianApiError extends CorexError {
  readonly status = 504;
}

export interface FetchSignedVaaOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Interval between polls (default 250 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls a guardian API (`GET /v1/signed_vaa/{chain}/{emitter}/{sequence}`) until the message is
 * signed and returns the VAA bytes. A 404 means not observed yet and a refused connection means
 * the guardian is (re)starting: both are polled again; any other answer is an error.
 */
export async function fetchSignedVaa(apiUrl: string, chain: number, emitter: string, sequence: bigint | number, options: FetchSignedVaaOptions = {}): Promise<Uint8Array> {
  const emitterHex = emitter.toLowerCase().replace(/^0x/, '').padStart(64, '0');
  const url = `${apiUrl.replace(/\/$/, '')}/v1/signed_vaa/${chain}/${emitterHex}/${BigInt(sequence)}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = 'no answer';
  for (;;) {
    options.signal?.throwIfAborted();
    const answer = await fetch(url, { signal: options.signal }).catch((err: unknown) => {
      if (options.signal?.aborted) throw err;
      last = `unreachable: ${(err as Error).message}`;
      return undefined;
    });
    if (answer?.ok) {
      const { vaaBytes } = (await answer.json()) as { vaaBytes?: string };
      if (typeof vaaBytes !== 'string') throw new GuardianApiError('GUARDIAN.BAD_RESPONSE', `${url} answered without vaaBytes`);
      return new Uint8Array(Buffer.from(vaaBytes, 'base64'));
    }
    if (answer && answer.status !== 404) throw new GuardianApiError('GUARDIAN.BAD_RESPONSE', `${url} answered ${answer.status}: ${await answer.text()}`);
    if (answer) last = 'not signed yet (404)';
    if (Date.now() >= deadline) throw new GuardianApiError('GUARDIAN.TIMEOUT', `${url}: no signed VAA within ${options.timeoutMs ?? 60_000} ms (${last})`, { url });
    await pause(options.pollMs ?? 250, options.signal);
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
