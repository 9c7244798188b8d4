const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Gives every integer schema its `format`: int32 when its bounds fit, int64 otherwise (zod's
 * `int()` is bounded by JavaScript's safe integers, which int64 holds). Generators pick the
 * integer type from it.
 */
export function withIntegerFormats<D extends object>(document: D): D {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    const isInteger = schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'));
    if (isInteger && schema.format === undefined) {
      const low = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined;
      const high = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
      schema.format = low !== undefined && high !== undefined && low >= INT32.min && high <= INT32.max ? 'int32' : 'int64';
    }
    Object.values(schema).forEach(visit);
  };
  visit(document);
  return document;
}
