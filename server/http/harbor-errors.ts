/**
 * Harbor's error table: each domain error kind as Harbor's status and code (src/lib/http/error.go),
 * sent as {"errors":[{"code","message"}]}, with the failing "field" when there is one (Berth's
 * addition). /api and the token service both answer with it.
 */
import type { ErrorKind } from '../lib/errors.js';

export const HARBOR_ERRORS: Record<ErrorKind, { status: number; code: string }> = {
  INVALID: { status: 400, code: 'BAD_REQUEST' },
  UNAUTHORIZED: { status: 401, code: 'UNAUTHORIZED' },
  DENIED: { status: 403, code: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  METHOD_NOT_ALLOWED: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  CONFLICT: { status: 409, code: 'CONFLICT' },
  PRECONDITION: { status: 412, code: 'PRECONDITION' },
  TOO_LARGE: { status: 413, code: 'REQUEST_ENTITY_TOO_LARGE' },
  UNSUPPORTED: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  UNPROCESSABLE: { status: 422, code: 'UNPROCESSABLE_ENTITY' },
  TOO_MANY_REQUESTS: { status: 429, code: 'TOO_MANY_REQUEST' },
  UNAVAILABLE: { status: 503, code: 'UNAVAILABLE' },
};

export interface HarborErrorBody {
  /** `field` (Berth's addition) names the request field at fault, so clients never parse the message for it. */
  errors: { code: string; message: string; field?: string }[];
}

export const harborErrorBody = (code: string, message: string, field?: string): HarborErrorBody => ({
  errors: [field ? { code, message, field } : { code, message }],
});
