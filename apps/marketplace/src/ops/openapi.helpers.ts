import { z } from 'zod';

/** Building blocks of the OpenAPI document. */
export const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
export const problemRef = { $ref: '#/components/schemas/Problem' };
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });
export const json = (description: string, s: object = { type: 'object' }) => ({ description, content: { 'application/json': { schema: s } } });
export const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
export const errors = {
  400: problemResponse('Invalid input'),
  401: problemResponse('Missing or invalid credentials'),
  413: problemResponse('Body too large'),
};
