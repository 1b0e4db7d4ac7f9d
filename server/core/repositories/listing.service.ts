/**
 * The registry's listings: a repository's tags and the catalog of repositories, in byte order,
 * paged with `last` and `n` (spec, "Listing Tags"; the catalog follows the same rules).
 */
import type { CoreContext } from '../context.js';
import { listTagNames } from '../artifacts/tag.repository.js';
import { nameUnknown } from '../registry/registry-errors.js';
import { findRepositoryByName, listRepositoryNames, type RepositoryVisibility } from './repository.repository.js';

type Deps = Pick<CoreContext, 'db'>;

export interface Page {
  names: string[];
  /** Whether more follow the last name (a Link header is due). */
  more: boolean;
}

const page = (rows: string[], limit: number): Page => ({ names: rows.slice(0, limit), more: rows.length > limit });

export async function listTags(deps: Deps, repository: string, last: string | undefined, limit: number): Promise<Page> {
  const found = await findRepositoryByName(deps.db, repository);
  if (!found) throw nameUnknown(repository);
  if (limit === 0) return { names: [], more: false };
  return page(await listTagNames(deps.db, found.id, last, limit + 1), limit);
}

export async function listCatalog(deps: Deps, visibility: RepositoryVisibility, last: string | undefined, limit: number): Promise<Page> {
  if (limit === 0) return { names: [], more: false };
  return page(await listRepositoryNames(deps.db, visibility, last, limit + 1), limit);
}
