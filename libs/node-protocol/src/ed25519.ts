import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { fromPublic, fromSeed } from '@nats-io/nkeys';

/**
 * Ed25519 through Node's native crypto. nkeys signs and verifies with tweetnacl in pure
 * JavaScript: ~20 ms per operation on a slow core, against ~0.1 ms native, which capped a
 * scheduler at a few dozen signed messages per second. nkeys still parses and checks the keys.
 */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const MAX_CACHED = 10_000;
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The public key of an nkey (throws when it is not a valid nkey); cached per key. */
export function publicKeyObject(nkey: string): KeyObject {
  let key = publicKeys.get(nkey);
  if (!key) {
    fromPublic(nkey);
    // An nkey is base32 of: prefix byte, 32-byte Ed25519 key, CRC-16.
    const raw = base32Decode(nkey).subarray(1, 33);
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    remember(publicKeys, nkey, key);
  }
  return key;
}

export function verifyEd25519(nkey: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  return verify(null, bytes, publicKeyObject(nkey), signature);
}

/** Signs with the key of an nkey seed (`S…`); returns the 64-byte signature. */
export function signEd25519(seed: string, bytes: Uint8Array): Uint8Array {
  let key = privateKeys.get(seed);
  if (!key) {
    const pair = fromSeed(new TextEncoder().encode(seed)) as unknown as { getRawSeed(): Uint8Array };
    key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(pair.getRawSeed())]), format: 'der', type: 'pkcs8' });
    remember(privateKeys, seed, key);
  }
  return sign(null, bytes, key);
}

function remember(cache: Map<string, KeyObject>, id: string, key: KeyObject): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(id, key);
}

function base32Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
