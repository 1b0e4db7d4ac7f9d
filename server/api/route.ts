/**
 * Mounts operations on a router: each request is validated against its operation's schemas
 * before its handler runs, and the handler receives the parsed input.
 *
 * Express matches routes in the order they are added, so operations are mounted most specific
 * first: a literal segment before a parameter (/users/current before /users/{user_id}), and
 * HEAD before GET on the same path (Express would otherwise answer HEAD with the GET handler).
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { AppError } from '../lib/errors.js';
import type { ApiOperation, OperationInput } from './contracts/operation.js';
import { parsePart } from './validation.js';

export type Handler<Op extends ApiOperation> = (input: OperationInput<Op>, req: Request, res: Response) => Promise<void> | void;

export type HandlersOf<Ops extends Record<string, ApiOperation>> = { [K in keyof Ops]: Handler<Ops[K]> };

/** Express 5 leaves repeated query parameters as arrays; Harbor's parameters are single values. */
const firstValues = (query: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function specificity(a: ApiOperation, b: ApiOperation): number {
  const sa = a.path.split('/');
  const sb = b.path.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]!.startsWith('{');
    const pb = sb[i]!.startsWith('{');
    if (pa !== pb) return pa ? 1 : -1;
  }
  if (a.path === b.path && a.method !== b.method) return a.method === 'head' ? -1 : b.method === 'head' ? 1 : 0;
  return 0;
}

function input<Op extends ApiOperation>(op: Op, req: Request): OperationInput<Op> {
  return {
    params: op.params ? parsePart(op.params, req.params, 'path') : undefined,
    query: op.query ? parsePart(op.query, firstValues(req.query as Record<string, unknown>), 'query') : undefined,
    headers: op.headers ? parsePart(op.headers, req.headers, 'header') : undefined,
    body: op.body ? parsePart(op.body, req.body, 'body') : undefined,
  } as OperationInput<Op>;
}

export function mountOperations<Ops extends Record<string, ApiOperation>>(router: Router, ops: Ops, handlers: HandlersOf<Ops>): void {
  const ordered = (Object.keys(ops) as (keyof Ops & string)[]).sort((a, b) => specificity(ops[a]!, ops[b]!));
  for (const id of ordered) {
    const op = ops[id]!;
    const handler = handlers[id] as Handler<ApiOperation>;
    router[op.method](expressPath(op.path), async (req, res) => {
      await handler(input(op, req), req, res);
    });
  }
}

/**
 * After the operations: a path some operation has, asked with a method none of them takes, is
 * 405 with `Allow` (Harbor's METHOD_NOT_ALLOWED), not the 404 of a path that does not exist.
 */
export function methodNotAllowed(ops: Record<string, ApiOperation>): RequestHandler {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const op of Object.values(ops)) {
    const entry = patterns.get(op.path) ?? { pattern: new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}/?$`), methods: new Set<string>() };
    entry.methods.add(op.method.toUpperCase());
    // Express answers HEAD with the GET handler.
    if (op.method === 'get') entry.methods.add('HEAD');
    patterns.set(op.path, entry);
  }
  return (req, res, next) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of patterns.values()) if (pattern.test(req.path)) methods.forEach((m) => allowed.add(m));
    if (allowed.size === 0 || allowed.has(req.method)) {
      next();
      return;
    }
    const allow = [...allowed].sort();
    res.setHeader('Allow', allow.join(', '));
    next(new AppError('METHOD_NOT_ALLOWED', `The method ${req.method} is not allowed on ${req.path}; it takes ${allow.join(', ')}.`, { detail: allow }));
  };
}
