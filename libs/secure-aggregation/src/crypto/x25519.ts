import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
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
  const publicKey = cached(publicKeys, publicKeyHex, () =>
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' }),
  );
  const secret = diffieHellman({ privateKey: privateKeyObject(privateKeyHex), publicKey });
  if (secret.every((b) => b === 0)) throw new SecaggMalformed('X25519 public key has low order');
  return secret;
}

/** HKDF-SHA256 with the protocol salt, 32 bytes out. */
export function deriveKey(sharedSecret: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedSecret, SECAGG_PROTOCOL, info, 32));
}

function privateKeyObject(privateKeyHex: string): KeyObject {
  if (!HEX32.test(privateKeyHex)) throw new SecaggMalformed('X25519 private key must be 64 lower-case hex characters');
  return cached(privateKeys, privateKeyHex, () =>
    createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(privateKeyHex, 'hex')]), format: 'der', type: 'pkcs8' }),
  );
}

// Importing a raw private key costs ~0.8 ms (OpenSSL derives its public half), 16× the agreement
// itself; a member agrees with every other member under the same key, so keep the last few.
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
const CACHE_LIMITS = new Map([
  [privateKeys, 8],
  [publicKeys, 512],
]);

function cached(cache: Map<string, KeyObject>, hex: string, make: () => KeyObject): KeyObject {
  let key = cache.get(hex);
  if (key === undefined) {
    key = make();
    if (cache.size >= CACHE_LIMITS.get(cache)!) cache.delete(cache.keys().next().value!);
    cache.set(hex, key);
  }
  return key;
}
