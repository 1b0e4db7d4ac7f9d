/**
 * The /v2 error table: every failure a registry client sees is a row here, with the spec's
 * code ("Error Codes": the body is {"errors":[{code, message, detail}]}) and its status. Nothing
 * else under server/registry picks a status for an error. Core throws AppErrors whose kind and
 * field (server/core/registry/registry-errors.ts) say what went wrong; faultOf() maps them.
 */
import type { Response } from 'express';
import type { RegistryField } from '../core/registry/registry-errors.js';
import type { AppError, ErrorKind } from '../lib/errors.js';

export const OCI_FAULTS = {
  BLOB_UNKNOWN: { code: 'BLOB_UNKNOWN', status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { code: 'BLOB_UPLOAD_INVALID', status: 400, message: 'blob upload invalid' },
  /** Spec, "Pushing a blob in chunks": an out-of-order chunk MUST get 416. */
  CHUNK_OUT_OF_ORDER: { code: 'BLOB_UPLOAD_INVALID', status: 416, message: 'chunk out of order' },
  /** Berth's: the upload's lease is held by a request still writing (core/registry/registry-errors.ts uploadBusy). */
  UPLOAD_BUSY: { code: 'BLOB_UPLOAD_INVALID', status: 409, message: 'the upload is busy' },
  BLOB_UPLOAD_UNKNOWN: { code: 'BLOB_UPLOAD_UNKNOWN', status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { code: 'DIGEST_INVALID', status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: {
    code: 'MANIFEST_BLOB_UNKNOWN',
    status: 400,
    message: 'manifest references a manifest or blob unknown to registry',
  },
  MANIFEST_INVALID: { code: 'MANIFEST_INVALID', status: 400, message: 'manifest invalid' },
  /** Spec, "Pushing Manifests": a manifest over the limit SHOULD get 413. */
  MANIFEST_TOO_LARGE: { code: 'MANIFEST_INVALID', status: 413, message: 'manifest too large' },
  MANIFEST_UNKNOWN: { code: 'MANIFEST_UNKNOWN', status: 404, message: 'manifest unknown to registry' },
  NAME_INVALID: { code: 'NAME_INVALID', status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { code: 'NAME_UNKNOWN', status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { code: 'SIZE_INVALID', status: 400, message: 'provided length did not match content length' },
  /** RFC 9110 §15.5.17, for a Range beyond the blob. */
  RANGE_NOT_SATISFIABLE: { code: 'SIZE_INVALID', status: 416, message: 'requested range not satisfiable' },
  UNAUTHORIZED: { code: 'UNAUTHORIZED', status: 401, message: 'authentication required' },
  DENIED: { code: 'DENIED', status: 403, message: 'requested access to the resource is denied' },
  /** Spec, "Content Management": a refused deletion gets 405. */
  UNSUPPORTED: { code: 'UNSUPPORTED', status: 405, message: 'the operation is unsupported' },
  BAD_REQUEST: { code: 'UNSUPPORTED', status: 400, message: 'the request is not valid' },
  NO_ROUTE: { code: 'UNSUPPORTED', status: 404, message: 'no such registry endpoint' },
  TOOMANYREQUESTS: { code: 'TOOMANYREQUESTS', status: 429, message: 'too many requests' },
  /** Harbor's PROJECTPOLICYVIOLATION (412) for content trust, under the spec's DENIED code clients know. */
  POLICY_VIOLATION: { code: 'DENIED', status: 412, message: 'the project policy refuses this artifact' },
  /** RFC 4918 §11.5: the store cannot hold the upload (a full disk); the body stays plain. */
  STORAGE_FULL: { code: 'BLOB_UPLOAD_INVALID', status: 507, message: 'the registry storage is full' },
  // Server-side failures: not the client's doing, so no spec code applies (distribution's names).
  UNAVAILABLE: { code: 'UNAVAILABLE', status: 503, message: 'service unavailable' },
  UNKNOWN: { code: 'UNKNOWN', status: 500, message: 'internal server error' },
} as const satisfies Record<string, { code: string; status: number; message: string }>;

export type OciFault = keyof typeof OCI_FAULTS;

const BY_FIELD: Partial<Record<`${ErrorKind}:${RegistryField}`, OciFault>> = {
  'NOT_FOUND:name': 'NAME_UNKNOWN',
  'NOT_FOUND:blob': 'BLOB_UNKNOWN',
  'NOT_FOUND:upload': 'BLOB_UPLOAD_UNKNOWN',
  'NOT_FOUND:manifest': 'MANIFEST_UNKNOWN',
  'INVALID:name': 'NAME_INVALID',
  'INVALID:digest': 'DIGEST_INVALID',
  'INVALID:manifest': 'MANIFEST_INVALID',
  'INVALID:reference': 'MANIFEST_INVALID',
  'INVALID:manifest-blob': 'MANIFEST_BLOB_UNKNOWN',
  'INVALID:range': 'CHUNK_OUT_OF_ORDER',
  'INVALID:blob-range': 'RANGE_NOT_SATISFIABLE',
  'INVALID:size': 'SIZE_INVALID',
  'INVALID:upload': 'BLOB_UPLOAD_INVALID',
  'CONFLICT:upload': 'UPLOAD_BUSY',
  'UNAVAILABLE:storage': 'STORAGE_FULL',
  'PRECONDITION:signature': 'POLICY_VIOLATION',
  'PRECONDITION:vulnerability': 'POLICY_VIOLATION',
  'PRECONDITION:immutable': 'DENIED',
};

const BY_KIND: Record<ErrorKind, OciFault> = {
  INVALID: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  DENIED: 'DENIED',
  NOT_FOUND: 'NO_ROUTE',
  METHOD_NOT_ALLOWED: 'UNSUPPORTED',
  CONFLICT: 'BAD_REQUEST',
  PRECONDITION: 'UNSUPPORTED',
  TOO_LARGE: 'MANIFEST_TOO_LARGE',
  UNSUPPORTED: 'UNSUPPORTED',
  UNPROCESSABLE: 'BAD_REQUEST',
  TOO_MANY_REQUESTS: 'TOOMANYREQUESTS',
  UNAVAILABLE: 'UNAVAILABLE',
};

export function faultOf(err: AppError): OciFault {
  return BY_FIELD[`${err.kind}:${err.field as RegistryField}`] ?? BY_KIND[err.kind];
}

/** Writes the error; a 416 for a range also says how big the blob is. */
export function sendOciError(res: Response, fault: OciFault, message?: string, detail?: unknown): void {
  const { code, status, message: fallback } = OCI_FAULTS[fault];
  const body = JSON.stringify({ errors: [{ code, message: message ?? fallback, detail: detail ?? {} }] });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
