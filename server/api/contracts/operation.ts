/**
 * The shape of one API operation: method, path, who may call it, and the zod schemas of its
 * path parameters, query, headers, body and responses. The server validates requests with these
 * schemas and builds GET /api/v2.0/openapi.json from them; the console imports them for types.
 * No Node imports here (the browser bundles this folder).
 */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  body?: z.ZodType;
  /** Response headers worth documenting (X-Total-Count, Link, Location, X-Harbor-CSRF-Token). */
  headers?: readonly string[];
}

export interface ApiOperation {
  /** Harbor's operationId where Harbor has the operation. */
  id: string;
  method: HttpMethod;
  /** Under /api/v2.0, with {name} for path parameters (OpenAPI style). */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it, in words; the core service enforces it. */
  access: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers with lower-case names. */
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Readonly<Record<number, ResponseSpec>>;
}

/** Declares an operation, keeping its literal types for the handler's input. */
export const operation = <const T extends ApiOperation>(op: T): T => op;

type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives once the request passed validation. */
export interface OperationInput<Op extends ApiOperation> {
  params: OutputOf<Op['params']>;
  query: OutputOf<Op['query']>;
  headers: OutputOf<Op['headers']>;
  body: OutputOf<Op['body']>;
}
