/**
 * Request ids and the access line: one line per request, in the log of the component that
 * served it. Fields are named one by one (no headers, no query string), so no credential,
 * token or cookie can reach the log.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Component, Loggers } from '../log/loggers.js';
import { ANONYMOUS, subjectName } from '../core/security/subject.js';
import './locals.js';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

export function componentFor(path: string): Component {
  if (path.startsWith('/v2')) return 'registry';
  if (path.startsWith('/service/token')) return 'token';
  return 'core';
}

export function accessLog(loggers: Loggers) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const given = req.get('x-request-id');
    const requestId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.locals.subject = ANONYMOUS;
    res.setHeader('X-Request-Id', requestId);
    const path = req.path;
    // Read now: Node clears req.socket when a request fails midway (a write refused on a full
    // disk, a client gone), before the finish and close events this line is written on.
    const remote = req.socket.remoteAddress;
    let logged = false;
    const write = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      loggers.requests[componentFor(path)].info(
        {
          reqId: requestId,
          user: res.locals.username ?? subjectName(res.locals.subject),
          method: req.method,
          path,
          status: res.writableFinished ? res.statusCode : 499,
          bytes: Number(res.getHeader('content-length') ?? 0),
          ms: Math.round(ms * 10) / 10,
          remote,
        },
        'request',
      );
    };
    res.on('finish', write);
    res.on('close', write);
    next();
  };
}
