/**
 * The registry domain's failures, as AppErrors whose `field` says what was at fault. Core stays
 * free of wire codes: the /v2 edge turns (kind, field) into an OCI error code in one table
 * (server/registry/oci-errors.ts).
 */
import { AppError, type ErrorKind } from '../../lib/errors.js';

export type RegistryField =
  | 'name'
  | 'reference'
  | 'digest'
  | 'blob'
  | 'upload'
  | 'manifest'
  /** A manifest names blobs or child manifests the repository does not have. */
  | 'manifest-blob'
  /** A chunk that does not start where the upload ends, or whose Content-Range is unreadable. */
  | 'range'
  /** A Range request beyond the end of a blob. */
  | 'blob-range'
  | 'size'
  /** The blob store's volume is full. */
  | 'storage'
  /** A project policy wants a signature the artifact lacks (content trust). */
  | 'signature'
  /** A tag an immutable tag rule protects (core/immutable). */
  | 'immutable'
  /** A project's prevent_vul refuses the image (core/scanning/vulnerability-policy.ts). */
  | 'vulnerability';

const fault = (kind: ErrorKind, field: RegistryField, message: string, detail?: unknown) =>
  new AppError(kind, message, { field, detail });

export const nameInvalid = (name: string) =>
  fault('INVALID', 'name', 'invalid repository name: expected <project>/<name>, lower case, each part [a-z0-9] joined by . _ __ or -', { name });
export const nameUnknown = (name: string) => fault('NOT_FOUND', 'name', `repository name not known to registry: ${name}`, { name });
export const projectUnknown = (project: string) =>
  fault('NOT_FOUND', 'name', `project ${project} does not exist; create it before pushing`, { project });
export const blobUnknown = (digest: string) => fault('NOT_FOUND', 'blob', 'blob unknown to registry', { digest });
export const uploadUnknown = (id: string) => fault('NOT_FOUND', 'upload', 'blob upload unknown to registry', { id });
export const manifestUnknown = (reference: string) =>
  fault('NOT_FOUND', 'manifest', 'manifest unknown to registry', { reference });
export const digestInvalid = (message: string, detail?: unknown) => fault('INVALID', 'digest', message, detail);
export const referenceInvalid = (reference: string) =>
  fault('INVALID', 'reference', 'invalid tag: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127} expected', { reference });
export const manifestInvalid = (message: string) => fault('INVALID', 'manifest', `manifest invalid: ${message}`);
export const manifestBlobUnknown = (digests: string[]) =>
  fault('INVALID', 'manifest-blob', 'manifest references a manifest or blob unknown to registry', { digests });
export const chunkOutOfOrder = (expected: number) =>
  fault('INVALID', 'range', `chunk out of order: the next chunk must start at byte ${expected}`, { expected });
/**
 * Another request (on this process or another) holds the upload's lease and is still writing:
 * not the client's offset at fault, so not a 416. 409 with Retry-After: the lease runs out by
 * then unless its holder is alive and writing; a holder that died on this host is taken over at
 * once (upload-lease.ts).
 */
export const uploadBusy = (retryAfter: number) =>
  new AppError('CONFLICT', `the upload is busy: another request is still writing to it; retry in ${retryAfter} s`, {
    field: 'upload',
    detail: { busy: true },
    retryAfter,
  });
export const contentRangeInvalid = (header: string) =>
  fault('INVALID', 'upload', `Content-Range ${header} is not <start>-<end>`, { contentRange: header });
export const rangeNotSatisfiable = (size: number) => fault('INVALID', 'blob-range', 'requested range not satisfiable', { size });
export const sizeInvalid = (message: string) => fault('INVALID', 'size', message);
export const uploadInvalid = (message: string) => fault('INVALID', 'upload', message);
export const storageFull = () =>
  fault('UNAVAILABLE', 'storage', 'the disk holding the registry storage is full: the upload was dropped; push again once space is freed');
