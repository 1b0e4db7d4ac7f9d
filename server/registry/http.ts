/**
 * HTTP details of the registry protocol: Range and Content-Range headers, manifest bodies with a
 * size limit, `n`/`last` paging with its Link header, and the headers upload responses carry.
 */
import type { Request, Response } from 'express';
import { contentRangeInvalid } from '../core/registry/registry-errors.js';
import { AppError } from '../lib/errors.js';
import type { ByteRange } from '../storage/blob-store.js';

/**
 * A single `bytes=` range (RFC 9110 §14.1.2) against a blob of `size` bytes: the range, null to
 * serve the whole blob (no header, several ranges, or a form we ignore as the RFC allows), or
 * 'unsatisfiable'.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** A chunk's Content-Range: `<start>-<end>` (spec), also `bytes <start>-<end>/<total>` as some send. */
export function parseContentRange(header: string | undefined): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!match) throw contentRangeInvalid(header);
  return { start: Number(match[1]), end: Number(match[2]) };
}

export function contentLength(req: Request): number | undefined {
  const value = req.headers['content-length'];
  return value === undefined ? undefined : Number(value);
}

/** Whether the request carries a body (a length above zero, or chunked transfer). */
export const hasBody = (req: Request) => (contentLength(req) ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** The whole body, refusing (TOO_LARGE) anything above `limit` bytes. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new AppError('TOO_LARGE', `the body is larger than ${limit} bytes`);
  if ((contentLength(req) ?? 0) > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A query parameter's first value. */
export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

export interface PageRequest {
  n: number;
  last: string | undefined;
}

/** `n` and `last`; a missing or unreadable `n` means `fallback`, and `n` never exceeds `max`. */
export function pageRequest(req: Request, fallback: number, max: number): PageRequest {
  const n = Number(queryParam(req, 'n'));
  return { n: Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback, last: queryParam(req, 'last') };
}

/** RFC 5988 next-page link, as distribution writes it: path and query, rel="next". */
export function setNextLink(res: Response, path: string, n: number, last: string): void {
  const query = new URLSearchParams({ n: String(n), last });
  res.setHeader('Link', `<${path}?${query.toString()}>; rel="next"`);
}

/** Upload responses name the session and how much of it the registry holds (spec: `Range: 0-<end>`). */
export function setUploadHeaders(res: Response, repository: string, id: string, size: number): void {
  res.setHeader('Location', `/v2/${repository}/blobs/uploads/${id}`);
  res.setHeader('Range', `0-${Math.max(size - 1, 0)}`);
  res.setHeader('Docker-Upload-UUID', id);
}
