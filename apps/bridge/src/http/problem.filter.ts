import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CorexError, type Logger } from '@corex/platform';

/** RFC 9457 problem details with a stable `code`, as the marketplace answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error' };

const BODY_PARSER: Record<string, [number, string]> = { 'entity.too.large': [413, 'REQUEST.TOO_LARGE'], 'request.aborted': [400, 'REQUEST.ABORTED'] };

/** Maps any thrown value to a problem; only unknown failures become 500, with no internals leaked. */
export function toProblem(err: unknown): Problem {
  const make = (status: number, code: string, detail: string): Problem => ({
    type: `https://corex.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: detail.slice(0, 4096),
    code,
  });
  if (err instanceof CorexError) return make(err.status, err.code, err.message);
  const parser = BODY_PARSER[(err as { type?: string } | null)?.type ?? ''];
  if (parser) return make(parser[0], parser[1], (err as Error).message);
  if (err instanceof HttpException) return make(err.getStatus(), `HTTP.${err.getStatus()}`, err.message);
  return make(500, 'INTERNAL', 'internal error');
}

function send(res: Response, body: Problem): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const body = { ...toProblem(err), instance: req.originalUrl };
    if (body.status >= 500) this.logger.error({ err, url: req.originalUrl }, 'request failed');
    send(http.getResponse<Response>(), body);
  }
}

/** The same mapping for errors raised by Express middleware before Nest routes. */
export function expressProblemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: unknown): void => {
    const body = { ...toProblem(err), instance: req.originalUrl };
    if (body.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    send(res, body);
  };
}
