import { endianness } from 'node:os';
import { SecaggMalformed } from '../errors';
import { fromBase64url, toBase64url } from './base64url';

const LITTLE_ENDIAN = endianness() === 'LE';

/** A masked vector as base64url of its uint32 little-endian words (UpdateOutput.masked). */
export function maskedToBase64url(words: Uint32Array): string {
  if (LITTLE_ENDIAN) return toBase64url(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  const bytes = Buffer.alloc(words.length * 4);
  for (let k = 0; k < words.length; k++) bytes.writeUInt32LE(words[k], k * 4);
  return toBase64url(bytes);
}

/** The words of UpdateOutput.masked; `length` is the document's word count. */
export function maskedFromBase64url(text: string, length: number): Uint32Array {
  const bytes = fromBase64url(text);
  if (bytes.length !== length * 4) throw new SecaggMalformed(`masked vector holds ${bytes.length} bytes, expected ${length * 4}`);
  const words = new Uint32Array(length);
  if (LITTLE_ENDIAN) new Uint8Array(words.buffer).set(bytes);
  else for (let k = 0; k < length; k++) words[k] = bytes.readUInt32LE(k * 4);
  return words;
}
