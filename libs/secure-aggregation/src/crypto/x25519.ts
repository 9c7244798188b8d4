import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync } from 'node:crypto';
import { SecaggMalformed } from '../errors';
import { SECAGG_PROTOCOL } from '../params';

// DER prefixes of PKCS#8 / SPKI for X25519 (OID 1.3.101.110): raw 32-byte keys in, node keys out.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const HEX32 = /^[0-9a-f]{64}$/;

/** A fresh X25519 key pair, both halves as 32 bytes of lower-case hex. */
export function generateX25519(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const priv = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { privateKey: Buffer.from(priv).toString('hex'), publicKey: Buffer.from(pub).toString('hex') };
}

/** The public half of a hex X25519 private key. */
export function x25519PublicKey(privateKeyHex: string): string {
  const pub = createPublicKey(privateKeyObject(privateKeyHex)).export({ format: 'der', type: 'spki' });
  return Buffer.from(pub.subarray(SPKI_PREFIX.length)).toString('hex');
}

/** X25519(mySk, peerPk); refuses low-order peer keys (all-zero shared secret). */
export function x25519Agree(privateKeyHex: string, publicKeyHex: string): Buffer {
  if (!HEX32.test(publicKeyHex)) throw new SecaggMalformed('X25519 public key must be 64 lower-case hex characters');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  const secret = diffieHellman({ privateKey: privateKeyObject(privateKeyHex), publicKey });
  if (secret.every((b) => b === 0)) throw new SecaggMalformed('X25519 public key has low order');
  return secret;
}

/** HKDF-SHA256 with the protocol salt, 32 bytes out. */
export function deriveKey(sharedSecret: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedSecret, SECAGG_PROTOCOL, info, 32));
}

function privateKeyObject(privateKeyHex: string) {
  if (!HEX32.test(privateKeyHex)) throw new SecaggMalformed('X25519 private key must be 64 lower-case hex characters');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(privateKeyHex, 'hex')]), format: 'der', type: 'pkcs8' });
}
