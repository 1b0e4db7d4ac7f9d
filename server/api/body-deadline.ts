/**
 * /api and /c read small JSON or form bodies: once the headers are in, the whole body must
 * follow within http.body_timeout, or the client gets 408 and the connection is closed (Harbor's
 * nginx does the same with client_body_timeout). Without it, a client that sends headers and
 * then nothing holds its connection and a body reader for as long as it likes. Registry uploads
 * are not under this: /v2 bounds their bodies by an idle timeout instead, as they may be huge.
 */
import type { RequestHandler } from 'express';
import { harborErrorBody } from '../http/harbor-errors.js';

const REQUEST_TIMEOUT = { status: 408, code: 'REQUEST_TIMEOUT' } as const;

const sendsBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

export function bodyDeadline(ms: number): RequestHandler {
  const message = `The request body did not arrive within ${ms / 1000} s.`;
  return (req, res, next) => {
    if (!sendsBody(req.headers) || req.complete) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      // The rest of the body will not be read: the connection closes once the answer is out.
      res.setHeader('Connection', 'close');
      res.status(REQUEST_TIMEOUT.status).json(harborErrorBody(REQUEST_TIMEOUT.code, message));
    }, ms);
    const done = () => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
    next();
  };
}
