/**
 * Harbor's content trust for cosign (src/server/middleware/contenttrust): in a project with
 * enable_content_trust_cosign=true, a manifest GET or HEAD of an artifact without a cosign
 * signature is refused with "The image is not signed by cosign." (412). As in Harbor's
 * SkipPolicyChecking, signatures themselves (pulled by cosign verify) and cosign asking with
 * push access (it reads the manifest before it signs) pass.
 */
import { AppError } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { findProjectById } from '../projects/project.repository.js';
import { isCosignSigned, isSignature } from './content-trust.repository.js';
import type { ResolvedManifest } from './manifest-pull.service.js';

type Deps = Pick<CoreContext, 'db' | 'registry'>;

/** cosign's tags for signatures, attestations and SBOMs: sha256-<hex>.sig and the like. */
const ACCESSORY_TAG = /^sha256-[0-9a-f]{64}\.[a-z]+$/;

export const notSignedByCosign = () =>
  new AppError('PRECONDITION', 'The image is not signed by cosign.', { field: 'signature' });

async function cosignRequired(deps: Deps, projectId: number): Promise<boolean> {
  const cached = deps.registry.projectPolicies.get(projectId);
  if (cached) return cached.cosign;
  const project = await findProjectById(deps.db, projectId);
  const cosign = project?.metadata.enable_content_trust_cosign === 'true';
  deps.registry.projectPolicies.set(projectId, { cosign });
  return cosign;
}

export interface PullRequestInfo {
  userAgent: string | undefined;
  /** Whether the caller may push to the repository (asked only when the user agent is cosign's). */
  mayPush: () => Promise<boolean>;
}

/** Throws the policy violation when the project wants a cosign signature the artifact lacks. */
export async function checkCosignPolicy(deps: Deps, resolved: ResolvedManifest, request: PullRequestInfo): Promise<void> {
  const { manifest, tag } = resolved;
  if (!(await cosignRequired(deps, manifest.projectId))) return;
  if (tag && ACCESSORY_TAG.test(tag.name)) return;
  if (/cosign/i.test(request.userAgent ?? '') && (await request.mayPush())) return;
  if (await isCosignSigned(deps.db, manifest.repositoryId, manifest.artifactId, manifest.digest)) return;
  if (await isSignature(deps.db, manifest.artifactId)) return;
  throw notSignedByCosign();
}
