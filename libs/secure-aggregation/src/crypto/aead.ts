import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecaggDecryptionFailed } from '../errors';
import { deriveKey, x25519Agree } from './x25519';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Who seals to whom, and for what: bound into the key (HKDF info) and the AAD. */
export interface SealContext {
  purpose: 'setup' | 'self';
  jobId: string;
  round: number;
  from: string;
  to: string;
}

function contextInfo(c: SealContext): string {
  return `${c.purpose}/${c.jobId}/${c.round}/${c.from}/${c.to}`;
}

/** AES-256-GCM with key HKDF(X25519(mySk, peerPk), info): returns IV ‖ ciphertext ‖ tag. */
export function seal(myPrivateKey: string, peerPublicKey: string, context: SealContext, plaintext: Uint8Array): Buffer {
  const info = contextInfo(context);
  const key = deriveKey(x25519Agree(myPrivateKey, peerPublicKey), info);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(info));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens what `seal` made; throws SecaggDecryptionFailed on any mismatch of key, context or bytes. */
export function open(myPrivateKey: string, peerPublicKey: string, context: SealContext, sealed: Uint8Array): Buffer {
  const info = contextInfo(context);
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SecaggDecryptionFailed(`sealed ${context.purpose} share from ${context.from} is too short`);
  const key = deriveKey(x25519Agree(myPrivateKey, peerPublicKey), info);
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(info));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SecaggDecryptionFailed(`sealed ${context.purpose} share from ${context.from} to ${context.to} did not authenticate`);
  }
}
