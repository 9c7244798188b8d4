import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { sha256Hex } from '@corex/platform';

/**
 * Sealed task blobs (docs/node-protocol.md, "Sealed task blobs"). Everything a node reads for a
 * task is stored encrypted under a key of the fragment's job, which reaches a node only in the
 * assignment on its private inbox. The layout is deterministic, so that a restarted or standby
 * scheduler (same secret) seals the same bytes under the same names:
 * - job key: HKDF-SHA256(ikm = the scheduler's sealing secret, salt = `corex-sealed-task-v1`, info = `job:<jobId>`), 32 bytes;
 * - name of a blob in the task bucket: hex(HMAC-SHA256(job key, `name:<plaintext sha256 hex>`));
 * - nonce: the first 12 bytes of HMAC-SHA256(job key, `nonce:<plaintext sha256 hex>`): one nonce per (key, plaintext);
 * - sealed bytes: nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16), additional data = the plaintext sha256 hex (ASCII).
 */
export const SEALING_SALT = 'corex-sealed-task-v1';
export const SEALING_KEY_BYTES = 32;
export const SEALING_NONCE_BYTES = 12;
export const SEALING_TAG_BYTES = 16;

/** A job's sealing key, derived from the scheduler's secret: the same for every scheduler holding that secret. */
export function jobSealingKey(secret: Uint8Array, jobId: string): Buffer {
  if (secret.length < 32) throw new Error('the sealing secret must be at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', secret, SEALING_SALT, `job:${jobId}`, SEALING_KEY_BYTES));
}

const label = (key: Uint8Array, purpose: 'name' | 'nonce', sha256: string) => createHmac('sha256', key).update(`${purpose}:${sha256}`).digest();

/** Where the sealed copy of the blob `sha256` lives in the task bucket, for the job of `key`. */
export function sealedBlobName(key: Uint8Array, sha256: string): string {
  return label(key, 'name', sha256).toString('hex');
}

/** The plaintext sealed for the job of `key`: the same bytes each time (the nonce comes from key and plaintext hash). */
export function sealBlob(key: Uint8Array, plaintext: Uint8Array, sha256 = sha256Hex(plaintext)): Uint8Array {
  const nonce = label(key, 'nonce', sha256).subarray(0, SEALING_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sha256, 'ascii'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The sealed bytes could not be opened with this key, or the plaintext is not the blob asked for. */
export class SealedBlobError extends Error {
  constructor(
    readonly sha256: string,
    reason: string,
  ) {
    super(`sealed blob ${sha256}: ${reason}`);
    this.name = 'SealedBlobError';
  }
}

/** The plaintext of a sealed blob, authenticated by the key and verified against its sha256; else SealedBlobError. */
export function openSealedBlob(key: Uint8Array, sha256: string, sealed: Uint8Array): Uint8Array {
  if (sealed.length < SEALING_NONCE_BYTES + SEALING_TAG_BYTES) throw new SealedBlobError(sha256, `${sealed.length} bytes is shorter than nonce and tag`);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, SEALING_NONCE_BYTES));
  decipher.setAAD(Buffer.from(sha256, 'ascii'));
  decipher.setAuthTag(bytes.subarray(bytes.length - SEALING_TAG_BYTES));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(bytes.subarray(SEALING_NONCE_BYTES, bytes.length - SEALING_TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedBlobError(sha256, 'does not open with the assignment key (wrong key, or altered bytes)');
  }
  const actual = sha256Hex(plaintext);
  if (actual !== sha256) throw new SealedBlobError(sha256, `opens to bytes hashing to ${actual}`);
  return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
}
