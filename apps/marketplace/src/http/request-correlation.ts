import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { withCorrelation } from '@corex/platform';

/** A caller's `X-Request-Id` is kept when it is a plain token; otherwise the marketplace makes one. */
const USABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id`, or a new UUID), answers it in
 * `X-Request-Id`, and runs the rest of the request under it: the events the request appends
 * carry it as their correlation id, and the log lines written meanwhile name it.
 */
export function requestCorrelation(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && USABLE.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  withCorrelation({ correlationId: id, causationId: id }, next);
}
