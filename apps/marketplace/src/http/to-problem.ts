import { HttpException } from '@nestjs/common';
import { CorexError } from '@corex/platform';
import { problem, type Problem } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

const BODY_PARSER_PROBLEMS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'REQUEST.TOO_LARGE', 'request body exceeds the size limit'],
  'entity.parse.failed': [400, 'REQUEST.MALFORMED_JSON', 'request body is not valid JSON'],
  'encoding.unsupported': [415, 'REQUEST.UNSUPPORTED_ENCODING', 'unsupported content encoding'],
  'charset.unsupported': [415, 'REQUEST.UNSUPPORTED_CHARSET', 'unsupported charset'],
  'request.aborted': [400, 'REQUEST.ABORTED', 'request aborted'],
  'request.size.invalid': [400, 'REQUEST.SIZE_INVALID', 'request size did not match content length'],
};

/** Maps any thrown value to a problem; only unknown failures become 500, with no internals leaked. */
export function toProblem(err: unknown): Problem {
  if (err instanceof CorexError) {
    return problem(err.status, err.code, err.message, err.details ? { details: err.details } : {});
  }
  const parserType = (err as BodyParserError | null)?.type;
  if (parserType && BODY_PARSER_PROBLEMS[parserType]) {
    const [status, code, detail] = BODY_PARSER_PROBLEMS[parserType]!;
    return problem(status, code, detail);
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    return problem(status, `HTTP.${status}`, err.message);
  }
  return problem(500, 'INTERNAL', 'internal error');
}
