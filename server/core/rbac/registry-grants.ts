/**
 * The registry's questions to the permission table: which of pull, push and delete a caller
 * holds on a repository (what a token grants; what a Basic caller may do on /v2), and which
 * repositories a caller may see in the catalog or the API's lists. All read can()'s table; there
 * is no other rule.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { projectOf } from '../../lib/reference.js';
import { findProjectByName } from '../projects/project.repository.js';
import type { RepositoryVisibility } from '../repositories/repository.repository.js';
import { isSysadmin, type Subject } from '../security/subject.js';
import type { Action, ProjectResource, RegistryAction } from './permissions.js';
import { holdersOf, projectAccess, registryActions } from './access.js';

/** What `subject` may do on the repository; nothing when its project does not exist. */
export async function registryGrants(db: Kysely<Database>, subject: Subject, repository: string): Promise<RegistryAction[]> {
  const project = await findProjectByName(db, projectOf(repository));
  if (!project) return [];
  return registryActions(await projectAccess(db, subject, project));
}

/** The repositories in whose projects `subject` holds `resource:action`: everything for a system admin. */
function repositoriesGranting(subject: Subject, resource: ProjectResource, action: Action): RepositoryVisibility {
  if (isSysadmin(subject)) return { all: true };
  const { roles, publicProjects } = holdersOf(resource, action);
  return { all: false, publicProjects, member: subject.kind === 'user' ? { userId: subject.user.id, groupIds: subject.user.groupIds ?? [], roles } : null };
}

/** The repositories `subject` holds repository:`action` on. */
export const repositoriesAllowing = (subject: Subject, action: 'pull' | 'list') => repositoriesGranting(subject, 'repository', action);

/** The repositories `subject` may pull from (the catalog). */
export const pullableRepositories = (subject: Subject) => repositoriesAllowing(subject, 'pull');

/** The repositories whose artifacts `subject` may read (artifact:read): the insight lists across projects. */
export const artifactsReadableBy = (subject: Subject) => repositoriesGranting(subject, 'artifact', 'read');
