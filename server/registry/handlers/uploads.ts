/**
 * Blob uploads (spec, "Pushing blobs"): POST opens a session, pushes a whole blob (`?digest=`)
 * or mounts one from another repository (`?mount=&from=`); PATCH appends a chunk; PUT closes
 * with the digest; GET reports progress; DELETE cancels. Locations are relative: clients follow
 * them as given (spec, `<blob-push-location>`).
 */
import { isRepositoryName } from '../../lib/reference.js';
import {
  appendChunk,
  cancelUpload,
  completeUpload,
  mountBlob,
  startUpload,
  uploadStatus,
  uploadWhole,
  type Chunk,
} from '../../core/uploads/upload.service.js';
import type { Request, Response } from 'express';
import { contentLength, hasBody, parseContentRange, queryParam, setUploadHeaders } from '../http.js';
import type { Handler } from './types.js';

/**
 * Upload bodies may take long (the server has no request timeout), but not stall: a client gone
 * without closing its connection would otherwise hold the session's lease forever.
 */
const BODY_IDLE_MS = 120_000;

function chunkOf(req: Request): Chunk {
  req.setTimeout(BODY_IDLE_MS, () => req.destroy(new Error('no upload data for 120 s')));
  return { body: req, range: parseContentRange(req.headers['content-range']), length: contentLength(req) };
}

function blobCreated(res: Response, repository: string, digest: string): void {
  res.statusCode = 201;
  res.setHeader('Location', `/v2/${repository}/blobs/${digest}`);
  res.setHeader('Docker-Content-Digest', digest);
  res.setHeader('Content-Length', 0);
  res.end();
}

export const postUpload: Handler = async (ctx, req, res, { name }, caller) => {
  const mount = queryParam(req, 'mount');
  const from = queryParam(req, 'from');
  // Spec: when the blob cannot be mounted (or may not be read), open a normal session instead.
  if (mount && from && isRepositoryName(from) && (await caller.mayMountFrom(from)) && (await mountBlob(ctx, name, mount, from))) {
    return blobCreated(res, name, mount);
  }
  const digest = queryParam(req, 'digest');
  if (digest !== undefined) {
    const blob = await uploadWhole(ctx, name, digest, chunkOf(req), caller.actor.name);
    return blobCreated(res, name, blob.digest);
  }
  const upload = await startUpload(ctx, name);
  res.statusCode = 202;
  setUploadHeaders(res, name, upload.id, 0);
  res.setHeader('Content-Length', 0);
  res.end();
};

export const getUploadStatus: Handler = async (ctx, _req, res, { name, id }) => {
  const upload = await uploadStatus(ctx, name, id);
  res.statusCode = 204;
  setUploadHeaders(res, name, id, upload.size);
  res.end();
};

export const patchUpload: Handler = async (ctx, req, res, { name, id }) => {
  const upload = await appendChunk(ctx, name, id, chunkOf(req));
  res.statusCode = 202;
  setUploadHeaders(res, name, id, upload.size);
  res.setHeader('Content-Length', 0);
  res.end();
};

export const putUpload: Handler = async (ctx, req, res, { name, id }, caller) => {
  const blob = await completeUpload(ctx, name, id, queryParam(req, 'digest'), hasBody(req) ? chunkOf(req) : undefined, caller.actor.name);
  blobCreated(res, name, blob.digest);
};

export const deleteUpload: Handler = async (ctx, _req, res, { name, id }) => {
  await cancelUpload(ctx, name, id);
  res.statusCode = 204;
  res.end();
};
