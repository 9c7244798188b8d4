import type { ProofRegistry } from '@corex/chain-contracts';
import { idToBytes32, sha256ToBytes32, type ModelRecord } from '@corex/settlement';

const ZERO = `0x${'0'.repeat(64)}`;

/**
 * `ProofRegistry.recordModel` arguments of a closed epoch's model version. Records from logs older
 * than per-step versions carry no parent, step or root: zero for each.
 */
export function recordModelArgs(m: ModelRecord): [string, string, string, number, number, string] {
  return [
    idToBytes32(m.jobId),
    sha256ToBytes32(m.weightsHash),
    m.parentWeightsHash ? sha256ToBytes32(m.parentWeightsHash) : ZERO,
    m.step ?? 0,
    m.accuracyBps,
    m.fragmentsRoot ?? ZERO,
  ];
}

/**
 * The transaction that recorded `weightsHash`, read from the chain's ModelRecorded logs: for a
 * version recorded by a run whose outbox this signer does not hold, so that EpochSettled's model
 * hashes stay one per EpochClosed model.
 */
export async function recordedModelTx(registry: ProofRegistry, weightsHash: string, fromBlock: number): Promise<string> {
  const logs = await registry.queryFilter(registry.filters.ModelRecorded(undefined, sha256ToBytes32(weightsHash)), fromBlock);
  const log = logs[0];
  if (!log) throw new Error(`ProofRegistry says ${weightsHash} is recorded, yet no ModelRecorded log names it after block ${fromBlock}`);
  return log.transactionHash;
}
