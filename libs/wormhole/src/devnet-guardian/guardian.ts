import { serializeVaa, signVaa, type VaaBody } from '../vaa';
import { ChainObserver, type ObservedChain } from './observer';
import { listen, type GuardianHttpServer } from './http';

/** Wormhole's published devnet guardian key (public: the guardian of every local Wormhole network). */
export const DEVNET_GUARDIAN_KEY = '0xcfb12303a19cde580bb4dd771639b0d26bc68353645571a8cff516ab2ee113a0';

export interface DevnetGuardianOptions {
  chains: ObservedChain[];
  /** Guardian keys, in guardian-set order (default: the devnet key alone). */
  keys?: string[];
  guardianSetIndex?: number;
  /** HTTP port (0: any free port). */
  port?: number;
  host?: string;
  /** Head polling interval per chain. */
  pollMs?: number;
  onError?: (err: unknown, chain: number) => void;
}

export interface DevnetGuardian {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:7071`. */
  url: string;
  /** Signed VAA bytes (0x-hex) of a message, if observed. */
  signedVaa(chain: number, emitter: string, sequence: bigint): string | undefined;
  /** Scans every chain up to its current head now (no waiting for the next poll). */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

/** Key of a message: `chain/emitter (64 hex, no 0x)/sequence`, as in the guardian API path. */
export const messageKey = (chain: number, emitter: string, sequence: bigint | number | string): string =>
  `${chain}/${emitter.toLowerCase().replace(/^0x/, '').padStart(64, '0')}/${BigInt(sequence)}`;

/**
 * A one-process Wormhole devnet guardian: observes each chain's core, signs every message with
 * the guardian keys (deterministic ECDSA: the same message always gives the same VAA bytes) and
 * serves them over the guardian's REST shape. Keeps nothing on disk.
 */
export async function startDevnetGuardian(options: DevnetGuardianOptions): Promise<DevnetGuardian> {
  const keys = options.keys ?? [DEVNET_GUARDIAN_KEY];
  const signed = new Map<string, string>();
  const sign = (body: VaaBody) => signed.set(messageKey(body.emitterChain, body.emitterAddress, body.sequence), serializeVaa(signVaa(body, keys, options.guardianSetIndex ?? 0)));
  const observers = options.chains.map((chain) => new ChainObserver(chain, sign));
  const loops = observers.map((o) => pollLoop(o, options.pollMs ?? 500, (err) => options.onError?.(err, o.chain.wormholeChainId)));
  let http: GuardianHttpServer;
  try {
    http = await listen(options.port ?? 0, options.host ?? '127.0.0.1', {
      signedVaa: (key) => signed.get(key),
      health: () => ({ ok: true, chains: observers.map((o) => ({ wormholeChainId: o.chain.wormholeChainId, ...o.progress() })) }),
    });
  } catch (err) {
    await Promise.all(loops.map((l) => l.stop()));
    throw err;
  }
  return {
    url: http.url,
    signedVaa: (chain, emitter, sequence) => signed.get(messageKey(chain, emitter, sequence)),
    catchUp: async () => void (await Promise.all(observers.map((o) => o.catchUp()))),
    async close() {
      await http.close();
      await Promise.all(loops.map((l) => l.stop()));
      observers.forEach((o) => o.close());
    },
  };
}

function pollLoop(observer: ChainObserver, pollMs: number, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let running = true;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const loop = (async () => {
    while (running) {
      await observer.catchUp().catch(onError);
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  })();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
