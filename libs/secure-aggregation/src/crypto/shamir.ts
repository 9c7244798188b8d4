import { randomBytes } from 'node:crypto';
import { SecaggInconsistent, SecaggMalformed } from '../errors';

// GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1; 3 generates the multiplicative group.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
(() => {
  let v = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = v;
    LOG[v] = i;
    v ^= (v << 1) ^ (v & 0x80 ? 0x11b : 0);
    v &= 0xff;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
})();

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

function div(a: number, b: number): number {
  return a === 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]];
}

/** One share: the holder's x (1..255) and one byte per secret byte. */
export interface Share {
  x: number;
  y: Uint8Array;
}

/**
 * Splits a secret byte-wise with random polynomials of degree t − 1 over GF(256):
 * any t of the shares give the secret back, fewer give no information about it.
 */
export function shamirSplit(secret: Uint8Array, xs: readonly number[], t: number): Share[] {
  if (!Number.isInteger(t) || t < 1 || t > xs.length) throw new SecaggMalformed(`threshold ${t} does not fit ${xs.length} holders`);
  if (new Set(xs).size !== xs.length || xs.some((x) => !Number.isInteger(x) || x < 1 || x > 255)) {
    throw new SecaggMalformed('Shamir x coordinates must be distinct integers in 1..255');
  }
  const coefficients = randomBytes((t - 1) * secret.length);
  return xs.map((x) => {
    const y = new Uint8Array(secret.length);
    for (let b = 0; b < secret.length; b++) {
      let acc = 0; // Horner from the highest coefficient down to the secret byte
      for (let c = t - 2; c >= 0; c--) acc = mul(acc, x) ^ coefficients[c * secret.length + b];
      y[b] = mul(acc, x) ^ secret[b];
    }
    return { x, y };
  });
}

/** Lagrange interpolation at 0 through the given shares (all of them). */
export function shamirRecover(shares: readonly Share[]): Uint8Array {
  if (shares.length === 0) throw new SecaggMalformed('no shares to recover from');
  const xs = shares.map((s) => s.x);
  if (new Set(xs).size !== xs.length) throw new SecaggMalformed('two shares have the same x');
  const length = shares[0].y.length;
  if (shares.some((s) => s.y.length !== length)) throw new SecaggMalformed('shares differ in length');
  const secret = new Uint8Array(length);
  shares.forEach((share, i) => {
    let basis = 1; // ℓ_i(0) = Π_{j≠i} x_j / (x_j − x_i); subtraction is xor in GF(2^8)
    xs.forEach((xj, j) => {
      if (j !== i) basis = mul(basis, div(xj, xj ^ share.x));
    });
    for (let b = 0; b < length; b++) secret[b] ^= mul(basis, share.y[b]);
  });
  return secret;
}

/**
 * Recovers from at least t shares; when more are at hand, checks that the first t and all of
 * them agree, so one wrong share is detected instead of silently corrupting the result.
 */
export function shamirRecoverChecked(shares: readonly Share[], t: number, what: string): Uint8Array {
  if (shares.length < t) throw new SecaggMalformed(`${what}: ${shares.length} shares, ${t} needed`);
  const secret = shamirRecover(shares.slice(0, t));
  if (shares.length > t && !Buffer.from(shamirRecover(shares)).equals(Buffer.from(secret))) {
    throw new SecaggInconsistent(`${what}: the revealed shares do not lie on one polynomial`);
  }
  return secret;
}

/** Wire form of a share: x then y. */
export function shareToBytes(share: Share): Uint8Array {
  const out = new Uint8Array(1 + share.y.length);
  out[0] = share.x;
  out.set(share.y, 1);
  return out;
}

/** Parses the wire form of a share. */
export function shareFromBytes(bytes: Uint8Array): Share {
  if (bytes.length < 2 || bytes[0] === 0) throw new SecaggMalformed('a share needs x in 1..255 and at least one byte');
  return { x: bytes[0], y: bytes.slice(1) };
}
