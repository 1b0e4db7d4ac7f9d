/**
 * Which repositories of a remote registry a pull rule's name filter selects, before the rule is
 * saved (the console's rule form). The remote is listed as an execution would list it, and the
 * same doublestar matcher decides. A registry without a catalog answers with the names the
 * pattern spells out; a remote that fails answers with the reason rather than an error status,
 * because the form shows it beside the filter.
 */
import { notFound } from '../../lib/errors.js';
import { isRemoteError } from '../../remote/remote-error.js';
import type { CoreContext } from '../context.js';
import { openRegistry } from '../registries/registry-client.js';
import { findRegistryById } from '../registries/registry.repository.js';
import { requireSystemPermission, type Actor } from '../security/actor.js';
import { globMatcher, specificNames } from './filters.js';

/** Names returned at most; `total` counts them all. */
export const PREVIEW_LIMIT = 100;
/** A remote slower than this is reported, not waited for. */
const PREVIEW_TIMEOUT_MS = 15_000;

export interface RemotePreview {
  repositories: string[];
  total: number;
  /** False for a registry without a catalog: the names are the pattern's own. */
  catalog: boolean;
  /** Why the remote could not be listed, in a sentence. */
  problem?: string;
}

export async function previewRemoteRepositoriesAs(ctx: CoreContext, actor: Actor, registryId: number, pattern: string): Promise<RemotePreview> {
  requireSystemPermission(actor, 'registry', 'read');
  if (!(await findRegistryById(ctx.db, registryId))) throw notFound(`registry ${registryId} not found`);
  const matches = pattern ? globMatcher(pattern) : () => true;
  try {
    const source = await openRegistry(ctx, registryId);
    const names = (await source.listRepositories(AbortSignal.timeout(PREVIEW_TIMEOUT_MS))).filter(matches);
    return { repositories: names.slice(0, PREVIEW_LIMIT), total: names.length, catalog: true };
  } catch (err) {
    if (isRemoteError(err, 'unsupported')) {
      const names = pattern ? (specificNames(pattern) ?? []) : [];
      return { repositories: names.slice(0, PREVIEW_LIMIT), total: names.length, catalog: false };
    }
    if (isRemoteError(err) || (err instanceof Error && err.name === 'TimeoutError')) {
      return { repositories: [], total: 0, catalog: true, problem: `The registry could not be listed: ${err.message}` };
    }
    throw err;
  }
}
