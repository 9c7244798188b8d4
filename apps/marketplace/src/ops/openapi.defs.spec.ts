import { z } from 'zod';
import { hoistSchemaDefinitions } from './openapi.defs';
import { withIntegerFormats } from './openapi.formats';

const toJson = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'output' });
  return rest;
};
const documentWith = (schemas: Record<string, unknown>, paths: Record<string, unknown> = {}) => ({ components: { schemas }, paths });

describe('hoistSchemaDefinitions', () => {
  it('moves zod $defs of a named schema into components and points its refs there', () => {
    const step = z.object({ step: z.number() }).meta({ id: 'StepX' });
    const job = z.object({ latest: step, best: step.nullable() }).meta({ id: 'JobX' });
    const doc = hoistSchemaDefinitions(documentWith({}, { '/x': { get: { schema: toJson(job) } } }));
    expect(doc.paths['/x']).toEqual({ get: { schema: { $ref: '#/components/schemas/JobX' } } });
    expect(doc.components.schemas).toEqual({
      JobX: {
        type: 'object',
        properties: { latest: { $ref: '#/components/schemas/StepX' }, best: { anyOf: [{ $ref: '#/components/schemas/StepX' }, { type: 'null' }] } },
        required: ['latest', 'best'],
        additionalProperties: false,
      },
      StepX: { type: 'object', properties: { step: { type: 'number' } }, required: ['step'], additionalProperties: false },
    });
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('names anonymous recursive definitions by content: equal ones share JsonValue, a different one gets JsonValue2', () => {
    const a = toJson(z.object({ v: z.json() }));
    const b = toJson(z.object({ w: z.json() }));
    const tree: z.ZodType = z.lazy(() => z.array(z.union([z.string(), tree])));
    const other = toJson(z.object({ tree }));
    const doc = hoistSchemaDefinitions(documentWith({ A: a, B: b, C: other }));
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, { $ref?: string }> }>;
    expect(schemas.A!.properties!.v!.$ref).toBe('#/components/schemas/JsonValue');
    expect(schemas.B!.properties!.w!.$ref).toBe('#/components/schemas/JsonValue');
    expect(Object.keys(schemas).filter((name) => name.startsWith('JsonValue')).sort()).toEqual(['JsonValue', 'JsonValue2']);
  });

  it('refuses two different schemas under one id', () => {
    const first = toJson(z.object({ a: z.object({ x: z.string() }).meta({ id: 'Same' }) }));
    const second = toJson(z.object({ b: z.object({ y: z.number() }).meta({ id: 'Same' }) }));
    expect(() => hoistSchemaDefinitions(documentWith({ First: first, Second: second }))).toThrow('two different schemas are both named Same');
  });

  it('leaves the document it was given unchanged', () => {
    const input = documentWith({}, { '/x': { schema: toJson(z.object({ a: z.object({}).meta({ id: 'Kept' }) })) } });
    const before = structuredClone(input);
    hoistSchemaDefinitions(input);
    expect(input).toEqual(before);
  });
});

describe('withIntegerFormats', () => {
  it('gives integers int32 when their bounds fit, else int64, and keeps a format already set', () => {
    const doc = withIntegerFormats({
      a: { type: 'integer', minimum: 0, maximum: 100 },
      b: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      c: { type: 'integer' },
      d: { type: ['integer', 'null'], minimum: 1, maximum: 5 },
      e: { type: 'integer', format: 'int64', minimum: 0, maximum: 1 },
      f: { type: 'number' },
    });
    expect(doc).toEqual({
      a: { type: 'integer', minimum: 0, maximum: 100, format: 'int32' },
      b: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, format: 'int64' },
      c: { type: 'integer', format: 'int64' },
      d: { type: ['integer', 'null'], minimum: 1, maximum: 5, format: 'int32' },
      e: { type: 'integer', format: 'int64', minimum: 0, maximum: 1 },
      f: { type: 'number' },
    });
  });
});
