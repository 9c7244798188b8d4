import { createHash, randomUUID } from 'node:crypto';

/** A random id that is also a valid subject token. */
export function newId(): string {
  return randomUUID();
}

/** A deterministic uuid-shaped id from its parts, so that a retried command yields the same id. */
export function deterministicId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
