import { createHash, randomBytes } from 'node:crypto';
import { fromSeed } from '@nats-io/nkeys';
import { canonicalJson } from '@corex/platform';
import { signEd25519 } from './ed25519';
import type { NodeMessageBodyBase, SignedNodeMessage } from './schemas';

/** Domain separator: a signature made for this protocol can never be replayed as another protocol's. */
const SIGNING_DOMAIN = 'corex-node-v1';
const KIND = /^[a-z0-9.-]{1,64}$/;
const encoder = new TextEncoder();

/** The exact bytes a node signs: utf8 of `corex-node-v1\n<kind>\n<canonical JSON of body>`. */
export function signedBytes(kind: string, body: unknown): Uint8Array {
  if (!KIND.test(kind)) throw new Error(`invalid node message kind: ${JSON.stringify(kind)}`);
  return encoder.encode(`${SIGNING_DOMAIN}\n${kind}\n${canonicalJson(body)}`);
}

/** sha256 (hex) of the signed bytes: identifies a report whatever the signature's encoding. */
export function signedBytesHash(kind: string, body: unknown): string {
  return createHash('sha256').update(signedBytes(kind, body)).digest('hex');
}

const NONCE_BYTES = 18;
/** Random bytes drawn 256 nonces at a time: one call into the CSPRNG per message showed in profiles. */
let noncePool = { bytes: Buffer.alloc(0), offset: 0 };

/** A fresh random nonce for a message body. */
export function newNonce(): string {
  if (noncePool.offset + NONCE_BYTES > noncePool.bytes.length) noncePool = { bytes: randomBytes(NONCE_BYTES * 256), offset: 0 };
  const nonce = noncePool.bytes.toString('base64url', noncePool.offset, noncePool.offset + NONCE_BYTES);
  noncePool.offset += NONCE_BYTES;
  return nonce;
}


/**
 * Signs a node message with the node's nkey seed (`SU…`, as text or bytes). The body's `nodeId`
 * must be the seed's public user key: the verifier checks the signature against it.
 */
export function signNodeMessage<TBody extends NodeMessageBodyBase>(
  kind: string,
  body: TBody,
  seed: string | Uint8Array,
): SignedNodeMessage<TBody> {
  const seedText = typeof seed === 'string' ? seed : new TextDecoder().decode(seed);
  const publicKey = publicKeyOfSeed(seedText);
  if (!publicKey.startsWith('U')) throw new Error('node messages are signed with a user nkey seed (SU…)');
  if (body.nodeId !== publicKey) throw new Error(`body.nodeId ${body.nodeId} is not the signer ${publicKey}`);
  const signature = Buffer.from(signEd25519(seedText, signedBytes(kind, body))).toString('base64url');
  return { kind, body, signature };
}

const seedPublicKeys = new Map<string, string>();

/** Deriving the public key from a seed is the costly part of nkeys: once per seed. */
function publicKeyOfSeed(seed: string): string {
  let publicKey = seedPublicKeys.get(seed);
  if (!publicKey) {
    const keyPair = fromSeed(encoder.encode(seed));
    publicKey = keyPair.getPublicKey();
    keyPair.clear();
    if (seedPublicKeys.size >= 1_000) seedPublicKeys.clear();
    seedPublicKeys.set(seed, publicKey);
  }
  return publicKey;
}
