import { keccak256, toUtf8Bytes } from 'ethers';

/** A node, job, fragment, lease or account id as the contracts key it: keccak256 of the id string's UTF-8 bytes. */
export function idToBytes32(id: string): string {
  return keccak256(toUtf8Bytes(id));
}

/** A sha256 hex digest (result hash, weights hash) as bytes32. */
export function sha256ToBytes32(hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a sha256 hex digest: ${hex}`);
  return `0x${hex}`;
}
