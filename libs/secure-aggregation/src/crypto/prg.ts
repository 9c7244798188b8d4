import { createCipheriv } from 'node:crypto';
import { endianness } from 'node:os';
import { deriveKey, x25519Agree } from './x25519';

const ZERO_IV = Buffer.alloc(16);
const LITTLE_ENDIAN = endianness() === 'LE';

/** PRG(seed, length): the AES-256-CTR keystream (zero IV) read as uint32 little-endian words. */
export function prg(seed: Uint8Array, length: number): Uint32Array {
  const stream = createCipheriv('aes-256-ctr', seed, ZERO_IV).update(Buffer.alloc(length * 4));
  if (LITTLE_ENDIAN && stream.byteOffset % 4 === 0) return new Uint32Array(stream.buffer, stream.byteOffset, length);
  const words = new Uint32Array(length);
  for (let k = 0; k < length; k++) words[k] = stream.readUInt32LE(k * 4);
  return words;
}

/** acc += sign · PRG(seed) mod 2^32, in place (typed-array stores wrap modulo 2^32). */
export function addPrg(acc: Uint32Array, seed: Uint8Array, sign: 1 | -1): void {
  const mask = prg(seed, acc.length);
  if (sign === 1) for (let k = 0; k < acc.length; k++) acc[k] += mask[k];
  else for (let k = 0; k < acc.length; k++) acc[k] -= mask[k];
}

/** The pairwise seed s_ij = HKDF(X25519(mask_sk_i, mask_pk_j), "pair/<jobId>/<round>"), equal for i and j. */
export function pairSeed(maskingPrivateKey: string, peerMaskingKey: string, jobId: string, round: number): Buffer {
  return deriveKey(x25519Agree(maskingPrivateKey, peerMaskingKey), `pair/${jobId}/${round}`);
}
