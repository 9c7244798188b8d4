type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * RFC 7386 JSON Merge Patch: objects merge, everything else replaces, and `null` removes a member,
 * or, with `nulls: 'keep'`, sets it to null (a view whose absent members read as null keeps its shape).
 */
export function applyMergePatch<T>(target: T, patch: unknown, nulls: 'remove' | 'keep' = 'remove'): T {
  if (!isObject(patch)) return patch as T;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && nulls === 'remove') delete result[key];
    else result[key] = applyMergePatch(result[key], value, nulls);
  }
  return result as T;
}
