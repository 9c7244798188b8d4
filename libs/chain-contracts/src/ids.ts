import { keccak256, toUtf8Bytes } from 'ethers';

/** A node's on-chain id: keccak256 of its id string (the node's public-key id) as UTF-8. */
export function nodeIdToBytes32(nodeId: string): string {
  return idToBytes32(nodeId, 'node id');
}

/** An account's on-chain id: keccak256 of its id string as UTF-8. */
export function accountIdToBytes32(accountId: string): string {
  return idToBytes32(accountId, 'account id');
}

/** A job's on-chain id (ProofRegistry records, the model registry): keccak256 of its id string as UTF-8. */
export function jobIdToBytes32(jobId: string): string {
  return idToBytes32(jobId, 'job id');
}

function idToBytes32(id: string, what: string): string {
  if (id.length === 0) throw new Error(`empty ${what}`);
  return keccak256(toUtf8Bytes(id));
}
