import { z } from 'zod';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes as unpadded base64url. */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Unpadded base64url to bytes (the caller validated the alphabet). */
export function fromBase64url(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

/** Characters of the unpadded base64url encoding of n bytes. */
export function base64urlLength(n: number): number {
  return Math.ceil((n * 4) / 3);
}

/** A base64url string encoding exactly `bytes` bytes (canonical: re-encoding gives it back). */
export function base64urlOf(bytes: number) {
  return z
    .string()
    .length(base64urlLength(bytes))
    .regex(BASE64URL)
    .refine((s) => toBase64url(fromBase64url(s)) === s, { message: 'not canonical base64url' });
}

/** A base64url string of any length up to `maxChars` (length checked elsewhere). */
export function base64urlUpTo(maxChars: number) {
  return z.string().max(maxChars).regex(BASE64URL);
}
