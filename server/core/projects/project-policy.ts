/**
 * The project settings the registry's paths consult on every pull and push: which signatures a
 * pull needs, the severity prevent_vul refuses from, and whether a push queues a scan or an SBOM.
 * Read through the registry runtime's cache (runtime.ts), which every process forgets when a
 * project's metadata changes, so a pull or a push costs no project read.
 */
import type { CoreContext } from '../context.js';
import type { ProjectPolicy } from '../registry/runtime.js';
import { findProjectById } from './project.repository.js';

type Deps = Pick<CoreContext, 'db' | 'registry'>;

/** `mark`: when the request began, when it has taken one already (RegistryRuntime.mark()). */
export async function projectPolicyOf(deps: Deps, projectId: number, mark = deps.registry.mark()): Promise<ProjectPolicy> {
  let policy = await deps.registry.lookup(deps.registry.projectPolicies, projectId, mark);
  if (!policy) {
    const before = deps.registry.beforeRead();
    const metadata = (await findProjectById(deps.db, projectId))?.metadata ?? {};
    policy = {
      cosign: metadata.enable_content_trust_cosign === 'true',
      notation: metadata.enable_content_trust === 'true',
      // Harbor's default severity for prevent_vul is low when none is set.
      preventSeverity: metadata.prevent_vul === 'true' ? (metadata.severity ?? 'low') : null,
      autoScan: metadata.auto_scan === 'true',
      autoSbom: metadata.auto_sbom_generation === 'true',
    };
    deps.registry.keep(deps.registry.projectPolicies, projectId, policy, before);
  }
  return policy;
}
