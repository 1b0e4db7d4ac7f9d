/** GET/HEAD a blob (whole or a Range of it) and DELETE it from a repository. */
import { blobDownloadUrl, deleteRepositoryBlob, sendBlob, statBlob } from '../../core/blobs/blob.service.js';
import { rangeNotSatisfiable } from '../../core/registry/registry-errors.js';
import { parseRange } from '../http.js';
import type { Handler } from './types.js';

export const getBlob: Handler = async (ctx, req, res, { name, digest }) => {
  const blob = await statBlob(ctx, name, digest);
  // Distribution's redirect: the bucket serves the bytes (and the Range, which the client resends).
  const redirect = req.method === 'GET' && !blob.bytes ? await blobDownloadUrl(ctx, digest) : null;
  if (redirect) {
    res.setHeader('Docker-Content-Digest', digest);
    res.redirect(307, redirect);
    return;
  }
  const range = parseRange(req.headers.range, blob.size);
  res.setHeader('Docker-Content-Digest', digest);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', `"${digest}"`);
  res.setHeader('Cache-Control', 'max-age=31536000');
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${blob.size}`);
    throw rangeNotSatisfiable(blob.size);
  }
  const head = req.method === 'HEAD';
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${blob.size}`);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', range ? range.end - range.start + 1 : blob.size);
  if (head) res.end();
  else if (blob.bytes) res.end(blob.bytes.subarray(range?.start ?? 0, range ? range.end + 1 : undefined));
  else {
    await sendBlob(ctx, digest, res, range ?? undefined);
    res.end();
  }
};

export const deleteBlob: Handler = async (ctx, _req, res, { name, digest }) => {
  await deleteRepositoryBlob(ctx, name, digest);
  res.status(202).setHeader('Content-Length', 0).end();
};
