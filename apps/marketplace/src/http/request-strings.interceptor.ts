import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { NotFoundError } from '@corex/platform';
import { BODY_LIMITS, findStringFault, invalidStringError, PATH_LIMITS, QUERY_LIMITS } from './request-strings';

const NOT_FOUND_CODE = 'corex:not-found-code';

/** The code a route answers when a path id is one no resource can have (default REQUEST.NOT_FOUND). */
export const NotFoundCode = (code: string) => SetMetadata(NOT_FOUND_CODE, code);

/** Request headers the API reads as data; the others are only compared or ignored. */
const CHECKED_HEADERS = ['idempotency-key'] as const;

/**
 * Every string of a request, checked before a handler can pass it to SQL or NATS: path params,
 * query, the headers read as data and the JSON body at any depth, keys included. Interceptors
 * run after guards, so an unauthenticated caller gets 401 and learns nothing from this. A path
 * id that no resource can have is simply not found, as for any other unknown id. Upload bodies
 * are read by their handlers, which check what they parse with the same functions.
 */
@Injectable()
export class RequestStringsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (findStringFault(req.params ?? {}, 'path', PATH_LIMITS)) {
      const code = this.reflector.getAllAndOverride<string>(NOT_FOUND_CODE, [context.getHandler(), context.getClass()]);
      throw new NotFoundError(code ?? 'REQUEST.NOT_FOUND', 'not found');
    }
    const headers = Object.fromEntries(CHECKED_HEADERS.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]]));
    const found =
      findStringFault(req.query ?? {}, 'query', QUERY_LIMITS) ??
      findStringFault(headers, 'headers', QUERY_LIMITS) ??
      findStringFault(req.body, 'body', BODY_LIMITS);
    if (found) throw invalidStringError(found);
    return next.handle();
  }
}

/**
 * The router answers 400 for a path segment whose percent-encoding is not UTF-8 (a lone
 * surrogate, say), before any guard runs. Such a segment becomes `%00` instead: the route
 * still matches, authentication runs first, and the interceptor then finds no such resource.
 */
export function malformedPathSegments(req: Request, _res: Response, next: NextFunction): void {
  const [path, query] = splitOnce(req.url, '?');
  const segments = path.split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    try {
      decodeURIComponent(segments[i]!);
    } catch {
      segments[i] = '%00';
      changed = true;
    }
  }
  if (changed) req.url = segments.join('/') + (query === undefined ? '' : `?${query}`);
  next();
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
