import { SecaggMalformed } from '../errors';

/**
 * Canonical JSON (keys sorted, no whitespace, undefined members dropped), the same rule as
 * @corex/platform's canonicalJson, kept here so this lib depends on node:crypto and zod only.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SecaggMalformed(`non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  throw new SecaggMalformed(`unsupported ${typeof value} in a secure-aggregation document`);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** utf8 bytes of the canonical JSON of a value. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/** Parses bytes that must be the canonical JSON encoding of what they hold. */
export function parseCanonical(bytes: Uint8Array, what: string): unknown {
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new SecaggMalformed(`${what} is not UTF-8 JSON`);
  }
  if (canonicalJson(value) !== text) throw new SecaggMalformed(`${what} is not canonical JSON (sorted keys, no whitespace)`);
  return value;
}
