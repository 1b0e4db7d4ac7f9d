/**
 * The one place /api turns a thrown error into a response. Client mistakes get their status and
 * a message naming the field; anything unexpected is logged with its stack and request id and
 * answered with a bare "internal server error" (never the stack).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../lib/errors.js';
import { HARBOR_ERRORS, harborErrorBody } from '../http/harbor-errors.js';

/** Body-parser's own errors, which carry a `type`, and the router's for a path it cannot decode. */
function parserError(err: unknown): AppError | null {
  if (err instanceof URIError) return new AppError('INVALID', 'The path holds a malformed %-escape.');
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('INVALID', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('TOO_LARGE', 'The request body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED', 'The request body encoding is not supported.');
  }
  // Any other error the body reader marks as the client's (a gzip body that does not inflate,
  // a body cut short): 400, never a 500.
  const { status, expose } = (err ?? {}) as { status?: unknown; expose?: unknown };
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('INVALID', 'The request body could not be read as sent (check its Content-Encoding and length).');
  }
  return null;
}

export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = isAppError(err) ? err : parserError(err);
    if (res.headersSent) {
      // A response already sent whole (the 408 for a body that never came) leaves nothing wrong.
      const level = res.writableFinished ? 'debug' : 'error';
      logger[level]({ err, reqId: res.locals.requestId }, 'error after the response started');
      res.destroy();
      return;
    }
    if (!known) {
      logger.error({ err, reqId: res.locals.requestId, method: req.method, path: req.path }, 'unhandled error');
      res.status(500).json(harborErrorBody('UNKNOWN', 'internal server error'));
      return;
    }
    const { status, code } = HARBOR_ERRORS[known.kind];
    if (known.retryAfter !== undefined) res.setHeader('Retry-After', String(known.retryAfter));
    // The message is a sentence for people; the field it is about travels beside it.
    const { message, field } = known;
    // A 503 is not the client's doing: the log keeps its cause (a directory that is down, say).
    if (status >= 500) logger.warn({ err: known, reqId: res.locals.requestId, code }, 'request failed');
    else logger.debug({ reqId: res.locals.requestId, code, message }, 'request refused');
    res.status(status).json(harborErrorBody(code, message, field));
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) =>
  next(new AppError('NOT_FOUND', `There is no API at ${req.method} ${req.originalUrl.split('?')[0]}.`));
