import { z } from 'zod';

/** Ids that are safe as a NATS subject token. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).max(128);
/** Non-negative CXT amount as a decimal string with at most 18 decimals. */
export const cxtAmountSchema = z.string().regex(/^(0|[1-9]\d{0,17})(\.\d{1,18})?$/).max(37);
/** maxLength only bounds the documented type: every time the network writes is an ISO string of 24 to 29 characters. */
export const isoTimeSchema = z.iso.datetime({ offset: true }).max(64);

/** Where a value holds something Postgres or JSON cannot keep, and why. */
export interface UnstorableValue {
  path: PropertyKey[];
  message: string;
}

/**
 * The first string (object keys included, at any depth) holding a NUL character or a lone
 * surrogate, or number that is not finite: Postgres refuses NUL in text and jsonb, and lone
 * surrogates as jsonb escapes; JSON turns NaN and Infinity into null. Undefined when the value
 * is storable as it is.
 */
export function findUnstorable(value: unknown, path: PropertyKey[] = []): UnstorableValue | undefined {
  if (typeof value === 'string') return unstorableString(value, path);
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: `not a finite number (${value})` };
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    const found = unstorableString(key, [...path, key], 'key') ?? findUnstorable(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorableString(text: string, path: PropertyKey[], what = 'string'): UnstorableValue | undefined {
  if (text.includes('\u0000')) return { path, message: `${what} holds a NUL character` };
  if (LONE_SURROGATE.test(text)) return { path, message: `${what} holds a lone surrogate` };
  return undefined;
}
