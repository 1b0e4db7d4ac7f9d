/**
 * One guard per surface for what no query parameter may hold once the HTTP layer has decoded
 * it: a NUL character. PostgreSQL cannot store or compare text holding one, so a NUL that
 * reached SQL would fail there as a 500. Each surface runs this before anything reads the
 * query and answers the INVALID in its own error format.
 */
import type { Request, RequestHandler } from 'express';
import { invalid } from '../lib/errors.js';

const holdsNul = (value: unknown): boolean =>
  typeof value === 'string' ? value.includes('\0') : Array.isArray(value) && value.some(holdsNul);

/** Throws INVALID naming the first query parameter whose name or value holds a NUL. */
export function refuseNulInQuery(req: Request): void {
  for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (name.includes('\0') || holdsNul(value)) {
      throw invalid(`The query parameter ${JSON.stringify(name.replaceAll('\0', '\\0'))} must not contain a NUL character.`);
    }
  }
}

export const nulQueryGuard: RequestHandler = (req, _res, next) => {
  refuseNulInQuery(req);
  next();
};
