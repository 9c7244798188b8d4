import type { Request } from 'express';
import type { z } from 'zod';
import { ValidationError } from '@corex/platform';
import { UnsupportedMediaTypeError } from './http-errors';

/** Validates a JSON body against a zod schema; every issue is listed in the problem's `details`. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  if (req.body === undefined) {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody) throw new UnsupportedMediaTypeError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json');
    throw new ValidationError('REQUEST.BODY_REQUIRED', 'a JSON body is required');
  }
  return parseWith(schema, req.body, 'REQUEST.INVALID_BODY', 'request body is invalid');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: string, message: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ValidationError(code, `${message}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { issues });
}
