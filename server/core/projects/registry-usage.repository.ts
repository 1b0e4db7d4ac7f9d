/**
 * What projects hold in the registry: repositories and storage.
 *
 * TODO(lead): wire these to the registry's tables (issue 3: repositories, artifacts, blobs) when
 * the branches merge. Until then no project holds anything, so every count is 0, deleting a
 * project is never refused for its repositories, and summaries and statistics report 0.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** How many repositories the project holds (a project that holds any cannot be deleted). */
export async function countRepositoriesOfProject(_db: Db, _projectId: number): Promise<number> {
  return 0;
}

/** Repository counts for a page of projects, keyed by project id. */
export async function countRepositoriesOfProjects(_db: Db, projectIds: number[]): Promise<Map<number, number>> {
  return new Map(projectIds.map((id) => [id, 0]));
}

/** Bytes the project's artifacts use. */
export async function storageUsedByProject(_db: Db, _projectId: number): Promise<number> {
  return 0;
}

/** Repository counts: in all projects, in public ones, or in the private projects a user belongs to. */
export async function countRepositories(
  _db: Db,
  _scope: { kind: 'all' } | { kind: 'public' } | { kind: 'private-of-member'; userId: number },
): Promise<number> {
  return 0;
}

/** Total bytes of all blobs. */
export async function totalStorageUsed(_db: Db): Promise<number> {
  return 0;
}
