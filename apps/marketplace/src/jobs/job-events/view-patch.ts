export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON Merge Patch (RFC 7386) that turns `before` into `after`: only the members that
 * changed, nested objects patched member by member, arrays and other values replaced whole, a
 * removed member as null. Undefined when nothing changed. Applying it to `before` gives `after`
 * where `after` holds no nulls (RFC 7386 reads null as "remove"): a client reads an absent
 * member of the job view as null.
 */
export function mergePatch(before: JsonObject, after: JsonObject): JsonObject | undefined {
  const patch: JsonObject = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isObject(old) && isObject(value)) {
      const inner = mergePatch(old, value);
      if (inner) patch[key] = inner;
    } else if (!(key in before) || JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return Object.keys(patch).length ? patch : undefined;
}

/** RFC 7386 applied: what a client does with each patch event. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}
