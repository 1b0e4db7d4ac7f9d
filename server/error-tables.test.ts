/**
 * Every error kind on every surface: each surface's own error handler, mounted in a bare Express
 * app behind a route that throws that kind, answers with the status and code of its table, the
 * thrown message, and no 500. The /c routes share the /api handler.
 */
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiErrorHandler } from './api/error-handler.js';
import { AppError, ERROR_KINDS, type ErrorKind } from './lib/errors.js';
import { registryErrorHandler } from './registry/router.js';
import { tokenErrorHandler } from './token/token.routes.js';

type Surface = 'v2' | 'token' | 'api';

/** [status, code] per kind and surface; /v2's codes are the OCI spec's. */
const EXPECTED: Record<ErrorKind, Record<Surface, [number, string]>> = {
  INVALID: { v2: [400, 'UNSUPPORTED'], token: [400, 'BAD_REQUEST'], api: [400, 'BAD_REQUEST'] },
  UNAUTHORIZED: { v2: [401, 'UNAUTHORIZED'], token: [401, 'UNAUTHORIZED'], api: [401, 'UNAUTHORIZED'] },
  DENIED: { v2: [403, 'DENIED'], token: [403, 'FORBIDDEN'], api: [403, 'FORBIDDEN'] },
  NOT_FOUND: { v2: [404, 'UNSUPPORTED'], token: [404, 'NOT_FOUND'], api: [404, 'NOT_FOUND'] },
  METHOD_NOT_ALLOWED: { v2: [405, 'UNSUPPORTED'], token: [405, 'METHOD_NOT_ALLOWED'], api: [405, 'METHOD_NOT_ALLOWED'] },
  CONFLICT: { v2: [400, 'UNSUPPORTED'], token: [409, 'CONFLICT'], api: [409, 'CONFLICT'] },
  PRECONDITION: { v2: [405, 'UNSUPPORTED'], token: [412, 'PRECONDITION'], api: [412, 'PRECONDITION'] },
  TOO_LARGE: { v2: [413, 'MANIFEST_INVALID'], token: [413, 'REQUEST_ENTITY_TOO_LARGE'], api: [413, 'REQUEST_ENTITY_TOO_LARGE'] },
  UNSUPPORTED: { v2: [405, 'UNSUPPORTED'], token: [415, 'UNSUPPORTED_MEDIA_TYPE'], api: [415, 'UNSUPPORTED_MEDIA_TYPE'] },
  UNPROCESSABLE: { v2: [400, 'UNSUPPORTED'], token: [422, 'UNPROCESSABLE_ENTITY'], api: [422, 'UNPROCESSABLE_ENTITY'] },
  TOO_MANY_REQUESTS: { v2: [429, 'TOOMANYREQUESTS'], token: [429, 'TOO_MANY_REQUEST'], api: [429, 'TOO_MANY_REQUEST'] },
  UNAVAILABLE: { v2: [503, 'UNAVAILABLE'], token: [503, 'UNAVAILABLE'], api: [503, 'UNAVAILABLE'] },
};

const HANDLERS: Record<Surface, (logger: pino.Logger) => ErrorRequestHandler> = {
  v2: registryErrorHandler,
  token: tokenErrorHandler,
  api: apiErrorHandler,
};

let server: ReturnType<express.Express['listen']>;
let base: string;

beforeAll(async () => {
  const app = express();
  const logger = pino({ level: 'silent' });
  for (const [surface, handler] of Object.entries(HANDLERS)) {
    const router = express.Router();
    router.get('/:kind', (req) => {
      throw new AppError(req.params.kind as ErrorKind, `a plain ${req.params.kind} message`, { retryAfter: 7 });
    });
    router.use(handler(logger));
    app.use(`/${surface}`, router);
  }
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.each(Object.keys(HANDLERS) as Surface[])('the %s error handler', (surface) => {
  test.each(ERROR_KINDS)('%s has its own status, code and message', async (kind) => {
    const res = await fetch(`${base}/${surface}/${kind}`);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect([res.status, body.errors[0]?.code]).toEqual(EXPECTED[kind][surface]);
    expect(body.errors[0]?.message).toBe(`a plain ${kind} message`);
    if (kind === 'TOO_MANY_REQUESTS') expect(res.headers.get('retry-after')).toBe('7');
  });
});
