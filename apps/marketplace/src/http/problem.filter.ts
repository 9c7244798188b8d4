import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@corex/platform';
import { sendProblem } from './problem';
import { toProblem } from './to-problem';

/** Every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const body = { ...toProblem(err), instance: req.originalUrl };
    if (body.status >= 500) this.logger.error({ err, url: req.originalUrl }, 'request failed');
    sendProblem(http.getResponse<Response>(), body);
  }
}

/** The same mapping for errors raised by Express middleware (body parser) before Nest routes. */
export function expressProblemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: unknown): void => {
    const body = { ...toProblem(err), instance: req.originalUrl };
    if (body.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    sendProblem(res, body);
  };
}
