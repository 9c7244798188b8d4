/** Thrown for values that have no canonical JSON form (NaN, Infinity, undefined in arrays, functions, class instances). */
export class NonCanonicalValueError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`no canonical JSON for ${path || '<root>'}: ${reason}`);
  }
}

/**
 * Canonical JSON of a message body: object keys sorted by code unit, no whitespace, numbers in
 * JavaScript's shortest round-trip form. Signer and verifier both canonicalise the parsed value,
 * so key order and formatting on the wire never change the signed bytes.
 * Object properties whose value is `undefined` are left out, as JSON.stringify would on the wire.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonCanonicalValueError(path, `non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(value[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new NonCanonicalValueError(path, `unsupported ${typeof value}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
