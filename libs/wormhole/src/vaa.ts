import { concat, getBytes, hexlify, keccak256, SigningKey, toBeHex, zeroPadValue } from 'ethers';

/**
 * Wormhole VAA v1, byte for byte as the core contract parses it:
 *   header: version u8 (=1) · guardianSetIndex u32 · signatureCount u8 · signatures[guardianIndex u8 · r 32 · s 32 · v u8]
 *   body:   timestamp u32 · nonce u32 · emitterChain u16 · emitterAddress 32 · sequence u64 · consistencyLevel u8 · payload
 * Guardians sign digest = keccak256(keccak256(body)); v is the recovery id (0/1). Big-endian throughout.
 */
export interface VaaBody {
  timestamp: number;
  nonce: number;
  emitterChain: number;
  /** 32 bytes, 0x-hex (an EVM address left-padded with zeros). */
  emitterAddress: string;
  sequence: bigint;
  consistencyLevel: number;
  /** 0x-hex. */
  payload: string;
}

export interface VaaSignature {
  guardianIndex: number;
  r: string;
  s: string;
  /** Recovery id, 0 or 1. */
  v: number;
}

export interface Vaa extends VaaBody {
  version: number;
  guardianSetIndex: number;
  signatures: VaaSignature[];
}

export const VAA_VERSION = 1;
const SIGNATURE_BYTES = 66;
const BODY_FIXED_BYTES = 4 + 4 + 2 + 32 + 8 + 1;

export class VaaFormatError extends Error {
  readonly code = 'VAA.MALFORMED';
}

/** An EVM address (20 bytes) as Wormhole's 32-byte universal address. */
export function toUniversalAddress(address: string): string {
  return zeroPadValue(address, 32).toLowerCase();
}

export function serializeBody(body: VaaBody): string {
  return concat([
    toBeHex(body.timestamp, 4),
    toBeHex(body.nonce, 4),
    toBeHex(body.emitterChain, 2),
    zeroPadValue(body.emitterAddress, 32),
    toBeHex(body.sequence, 8),
    toBeHex(body.consistencyLevel, 1),
    body.payload,
  ]);
}

/** keccak256(keccak256(body)): what guardians sign. `vaaHash` (the core's `vm.hash`) is the same value. */
export function bodyDigest(body: VaaBody | string): string {
  return keccak256(keccak256(typeof body === 'string' ? body : serializeBody(body)));
}

export function serializeVaa(vaa: Vaa): string {
  const signatures = vaa.signatures.map((sig) => concat([toBeHex(sig.guardianIndex, 1), zeroPadValue(sig.r, 32), zeroPadValue(sig.s, 32), toBeHex(sig.v, 1)]));
  return concat([toBeHex(vaa.version, 1), toBeHex(vaa.guardianSetIndex, 4), toBeHex(vaa.signatures.length, 1), ...signatures, serializeBody(vaa)]);
}

/** Signs `body` with each guardian key; `keys[i]` signs as guardian index `indices?.[i] ?? i`. */
export function signVaa(body: VaaBody, keys: string[], guardianSetIndex = 0, indices?: number[]): Vaa {
  const digest = bodyDigest(body);
  const signatures = keys.map((key, i) => {
    const sig = new SigningKey(key).sign(digest);
    return { guardianIndex: indices?.[i] ?? i, r: sig.r, s: sig.s, v: sig.yParity };
  });
  return { ...body, version: VAA_VERSION, guardianSetIndex, signatures };
}

/** Parses a VAA (bytes or 0x-hex); throws VaaFormatError on anything that is not one. */
export function parseVaa(input: Uint8Array | string): Vaa & { body: string } {
  const bytes = typeof input === 'string' ? getBytes(input) : input;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number) => {
    if (end > bytes.length) throw new VaaFormatError(`VAA truncated: needs ${end} bytes, has ${bytes.length}`);
  };
  need(6);
  const version = view.getUint8(0);
  if (version !== VAA_VERSION) throw new VaaFormatError(`VAA version ${version} is not ${VAA_VERSION}`);
  const guardianSetIndex = view.getUint32(1);
  const count = view.getUint8(5);
  let at = 6;
  need(at + count * SIGNATURE_BYTES + BODY_FIXED_BYTES);
  const signatures: VaaSignature[] = [];
  for (let i = 0; i < count; i++, at += SIGNATURE_BYTES) {
    signatures.push({ guardianIndex: view.getUint8(at), r: hexlify(bytes.subarray(at + 1, at + 33)), s: hexlify(bytes.subarray(at + 33, at + 65)), v: view.getUint8(at + 65) });
  }
  const bodyStart = at;
  const timestamp = view.getUint32(at);
  const nonce = view.getUint32(at + 4);
  const emitterChain = view.getUint16(at + 8);
  const emitterAddress = hexlify(bytes.subarray(at + 10, at + 42));
  const sequence = view.getBigUint64(at + 42);
  const consistencyLevel = view.getUint8(at + 50);
  const payload = hexlify(bytes.subarray(at + 51));
  return { version, guardianSetIndex, signatures, timestamp, nonce, emitterChain, emitterAddress, sequence, consistencyLevel, payload, body: hexlify(bytes.subarray(bodyStart)) };
}
