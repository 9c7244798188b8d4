import { ValidationError } from '@corex/platform';

/** Why a string from a request is refused before it reaches SQL or NATS. */
export type StringFault = 'nul' | 'lone-surrogate' | 'too-long' | 'too-deep';

export interface StringLimits {
  /** Longest string value, in UTF-16 code units. */
  value: number;
  /** Longest object key. */
  key: number;
  /** Deepest nesting of objects and arrays. */
  depth: number;
}

/** JSON bodies: the body limit bounds the total; these bound one value. */
export const BODY_LIMITS: StringLimits = { value: 4096, key: 256, depth: 32 };
export const QUERY_LIMITS: StringLimits = { value: 1024, key: 64, depth: 4 };
/** Path segments: ids, node keys, fragment ids. */
export const PATH_LIMITS: StringLimits = { value: 256, key: 64, depth: 1 };

// Postgres text cannot hold U+0000; a lone surrogate has no UTF-8 form, so neither Postgres nor NATS take it.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The fault of one string, or null when it can be stored. */
export function stringFault(text: string, max: number): StringFault | null {
  if (text.length > max) return 'too-long';
  if (NUL.test(text)) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  return null;
}

export interface FoundFault {
  /** Where, as a path of JSON-escaped segments, e.g. `body.params."weights"`. */
  location: string;
  fault: StringFault;
}

/** Walks a parsed value (object keys included) and returns its first unstorable string. */
export function findStringFault(value: unknown, location: string, limits: StringLimits, depth = 0): FoundFault | null {
  if (typeof value === 'string') {
    const fault = stringFault(value, limits.value);
    return fault && { location, fault };
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= limits.depth) return { location, fault: 'too-deep' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findStringFault(value[i], `${location}[${i}]`, limits, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const keyFault = stringFault(key, limits.key);
    if (keyFault) return { location: `${location}.(key)`, fault: keyFault };
    const found = findStringFault(child, `${location}.${segment(key)}`, limits, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A key as printable, bounded text: JSON.stringify escapes control characters. */
const segment = (key: string) => (/^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : JSON.stringify(key.slice(0, 64)));

const DESCRIPTIONS: Record<StringFault, string> = {
  nul: 'contains a NUL character',
  'lone-surrogate': 'contains a lone UTF-16 surrogate (not valid Unicode)',
  'too-long': 'is too long',
  'too-deep': 'is nested too deeply',
};

export function invalidStringError({ location, fault }: FoundFault): ValidationError {
  return new ValidationError('REQUEST.INVALID_STRING', `${location} ${DESCRIPTIONS[fault]}`, { location, fault });
}

/** Throws REQUEST.INVALID_STRING for the first unstorable string in `value`. */
export function assertStorableStrings(value: unknown, location: string, limits: StringLimits = BODY_LIMITS): void {
  const found = findStringFault(value, location, limits);
  if (found) throw invalidStringError(found);
}
