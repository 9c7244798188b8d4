import type { Request } from 'express';
import { ValidationError } from '@corex/platform';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';

/** The request's media type, lower-case, without parameters ('' when absent). */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Refuses any media type but the listed ones with 415. */
export function requireMediaType(req: Request, allowed: readonly string[]): string {
  const type = mediaTypeOf(req);
  if (allowed.includes(type)) return type;
  throw new UnsupportedMediaTypeError('REQUEST.UNSUPPORTED_MEDIA_TYPE', `request body must be ${allowed.join(' or ')}`, { allowed });
}

/**
 * An upload body as it arrives, after authentication (the global JSON parser skips upload
 * routes), at most `limit` bytes: past it the iteration fails with 413. Whenever the reader
 * stops early (too large, or it refused what it read), the rest of the body is drained and
 * discarded, so the client still reads the answer instead of a reset connection.
 */
export async function* rawBodyStream(req: Request, limit: number): AsyncGenerator<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new UnsupportedMediaTypeError('REQUEST.UNSUPPORTED_ENCODING', 'compressed uploads are not accepted');
  const tooLarge = () => new PayloadTooLargeError('REQUEST.TOO_LARGE', `request body exceeds ${limit} bytes`, { limit });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    throw tooLarge();
  }
  let size = 0;
  let ended = false;
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      yield chunk;
    }
    ended = true;
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw err;
    throw new ValidationError('REQUEST.ABORTED', 'request aborted');
  } finally {
    if (!ended) req.resume();
  }
}

/**
 * Reads an upload body after authentication (the global JSON parser skips upload routes), at
 * most `limit` bytes. Past the limit the rest is drained and discarded, so the client still
 * reads the 413 instead of a reset connection, and nothing of it is kept in memory.
 */
export function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    return Promise.reject(new UnsupportedMediaTypeError('REQUEST.UNSUPPORTED_ENCODING', 'compressed uploads are not accepted'));
  }
  const tooLarge = () => new PayloadTooLargeError('REQUEST.TOO_LARGE', `request body exceeds ${limit} bytes`, { limit });
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      chunks.length = 0;
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('aborted', () => reject(new ValidationError('REQUEST.ABORTED', 'request aborted')));
    req.once('error', () => reject(new ValidationError('REQUEST.ABORTED', 'request aborted')));
  });
}
