/**
 * Manifests by tag or digest: served byte for byte with their own Content-Type; a GET (not a
 * HEAD) is recorded as a pull before the bytes go out, so every pull served has its audit row
 * while the database takes writes (a failed record never fails the pull).
 */
import { checkSignaturePolicy } from '../../core/artifacts/content-trust.js';
import { deleteManifest } from '../../core/artifacts/manifest-delete.service.js';
import { recordPull, resolveManifest } from '../../core/artifacts/manifest-pull.service.js';
import { pushManifest } from '../../core/artifacts/manifest-push.service.js';
import { checkVulnerabilityPolicy } from '../../core/scanning/vulnerability-policy.js';
import { MAX_MANIFEST_BYTES } from '../../core/artifacts/manifest.js';
import { readBody } from '../http.js';
import type { Handler } from './types.js';

export const getManifest: Handler = async (ctx, req, res, { name, reference }, caller) => {
  const resolved = await resolveManifest(ctx, name, reference);
  await checkSignaturePolicy(ctx, resolved, { userAgent: req.headers['user-agent'], mayPush: () => caller.may(name, 'push') });
  await checkVulnerabilityPolicy(ctx, resolved, caller.actor.name);
  const head = req.method === 'HEAD';
  if (!head) await recordPull(ctx, caller.actor, name, resolved);
  const { digest, mediaType, bytes } = resolved.manifest;
  res.statusCode = 200;
  res.setHeader('Content-Type', mediaType);
  res.setHeader('Content-Length', bytes.length);
  res.setHeader('Docker-Content-Digest', digest);
  res.setHeader('ETag', `"${digest}"`);
  res.end(head ? undefined : bytes);
};

export const putManifest: Handler = async (ctx, req, res, { name, reference }, caller) => {
  const bytes = await readBody(req, MAX_MANIFEST_BYTES);
  const pushed = await pushManifest(ctx, caller.actor, name, reference, req.headers['content-type'], bytes);
  res.statusCode = 201;
  res.setHeader('Location', `/v2/${name}/manifests/${pushed.digest}`);
  res.setHeader('Docker-Content-Digest', pushed.digest);
  // Spec, "Pushing Manifests with Subject": tells the client the referrers API has it.
  if (pushed.subject) res.setHeader('OCI-Subject', pushed.subject);
  res.setHeader('Content-Length', 0);
  res.end();
};

export const removeManifest: Handler = async (ctx, _req, res, { name, reference }, caller) => {
  await deleteManifest(ctx, caller.actor, name, reference);
  res.statusCode = 202;
  res.setHeader('Content-Length', 0);
  res.end();
};
