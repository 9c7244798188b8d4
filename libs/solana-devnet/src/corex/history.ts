import type { Address, Signature } from '@solana/kit';
import type { JsonTransaction } from './memos';
import type { SolanaRpc } from './send';

const PAGE_SIZE = 1000;

/** Options of {@link signaturesOldestFirst}. */
export interface HistoryOptions {
  /** Stop at this signature (exclusive): the newest one seen on a previous scan. */
  readonly until?: Signature;
  /** Page size of `getSignaturesForAddress` (1..1000). */
  readonly pageSize?: number;
}

/** Every signature that names `address`, newer than `until`, oldest first: pages `getSignaturesForAddress` with `before`. */
export async function signaturesOldestFirst(rpc: SolanaRpc, address: Address, options: HistoryOptions = {}): Promise<Signature[]> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const newestFirst: Signature[] = [];
  let before: Signature | undefined;
  for (;;) {
    const page = await rpc.getSignaturesForAddress(address, { before, until: options.until, limit: pageSize }).send();
    newestFirst.push(...page.map((entry) => entry.signature));
    if (page.length < pageSize) return newestFirst.reverse();
    before = page[page.length - 1].signature;
  }
}

/** The JSON-encoded transaction (version 0 accepted), or null if the node does not know it. */
export async function fetchJsonTransaction(rpc: SolanaRpc, signature: Signature): Promise<JsonTransaction | null> {
  const tx = await rpc.getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }).send();
  return tx as unknown as JsonTransaction | null;
}
