/**
 * Harbor's content trust (src/server/middleware/contenttrust): in a project with
 * enable_content_trust_cosign=true, a manifest GET or HEAD of an artifact without a cosign
 * signature is refused with "The image is not signed by cosign." (412); with
 * enable_content_trust=true, likewise without a notation signature. As in Harbor's
 * SkipPolicyChecking, signatures themselves (pulled by cosign verify) and cosign or notation
 * asking with push access (they read the manifest before they sign) pass.
 */
import { AppError } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { projectPolicyOf } from '../projects/project-policy.js';
import { isSignature, isSigned, type SignatureKind } from './content-trust.repository.js';
import type { ResolvedManifest } from './manifest-pull.service.js';

type Deps = Pick<CoreContext, 'db' | 'registry'>;

/** cosign's tags for signatures, attestations and SBOMs: sha256-<hex>.sig and the like. */
const ACCESSORY_TAG = /^sha256-[0-9a-f]{64}\.[a-z]+$/;

export const notSigned = (kind: SignatureKind) =>
  new AppError('PRECONDITION', `The image is not signed by ${kind}.`, { field: 'signature' });

/** The signatures the project wants. */
async function requiredSignatures(deps: Deps, projectId: number, mark: number): Promise<SignatureKind[]> {
  const policy = await projectPolicyOf(deps, projectId, mark);
  return [...(policy.cosign ? ['cosign' as const] : []), ...(policy.notation ? ['notation' as const] : [])];
}

export interface PullRequestInfo {
  userAgent: string | undefined;
  /** Whether the caller may push to the repository (asked only when the user agent is a signer's). */
  mayPush: () => Promise<boolean>;
}

/** Throws the policy violation when the project wants a signature the artifact lacks. */
export async function checkSignaturePolicy(deps: Deps, resolved: ResolvedManifest, request: PullRequestInfo): Promise<void> {
  const { manifest, tag } = resolved;
  const required = await requiredSignatures(deps, manifest.projectId, resolved.mark);
  if (required.length === 0) return;
  if (tag && ACCESSORY_TAG.test(tag.name)) return;
  if (/cosign|notation/i.test(request.userAgent ?? '') && (await request.mayPush())) return;
  if (await isSignature(deps.db, manifest.artifactId)) return;
  for (const kind of required) {
    if (!(await isSigned(deps.db, kind, manifest.repositoryId, manifest.artifactId, manifest.digest))) throw notSigned(kind);
  }
}
