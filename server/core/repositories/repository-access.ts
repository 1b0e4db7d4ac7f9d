/**
 * Finding a repository the way the API names it — its project, and its name within the project
 * (`nginx` for `library/nginx`) — once the caller is known to hold `resource:action` in the
 * project. The permission is checked before the repository is looked up, so a caller who may
 * not see the project learns nothing of what it holds.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isRepositoryName } from '../../lib/reference.js';
import { projectFor } from '../projects/project-access.js';
import type { Project } from '../projects/project.repository.js';
import type { ProjectAccess } from '../rbac/access.js';
import type { Action, ProjectResource } from '../rbac/permissions.js';
import type { Actor } from '../security/actor.js';
import { findRepositoryByName, type Repository } from './repository.repository.js';

type Db = Kysely<Database>;

/** `<project>/<name>`; INVALID naming repository_name when it breaks the distribution grammar. */
export function fullRepositoryName(projectName: string, repositoryName: string): string {
  const full = `${projectName}/${repositoryName}`;
  if (!isRepositoryName(full)) {
    throw invalid(
      `repository_name ${repositoryName} is not a repository name: lower case components of a-z 0-9 joined by . _ __ or -, separated by /.`,
      'repository_name',
    );
  }
  return full;
}

export interface RepositoryInProject {
  project: Project;
  access: ProjectAccess;
  /** The full name, `<project>/<name>`. */
  name: string;
}

/** A repository as the API's path names it: the project, and the name within it. */
export interface RepositoryNames {
  project: string;
  repository: string;
}

/** The project and the repository's full name, once the caller holds `resource:action` (the repository may not exist). */
export async function repositoryNameFor(
  db: Db,
  actor: Actor,
  names: RepositoryNames,
  resource: ProjectResource,
  action: Action,
): Promise<RepositoryInProject> {
  const { project, access } = await projectFor(db, actor, { name: names.project }, resource, action);
  return { project, access, name: fullRepositoryName(project.name, names.repository) };
}

/** The repository, once the caller holds `resource:action` in its project; NOT_FOUND when absent. */
export async function repositoryFor(
  ...args: Parameters<typeof repositoryNameFor>
): Promise<RepositoryInProject & { repository: Repository }> {
  const found = await repositoryNameFor(...args);
  const repository = await findRepositoryByName(args[0], found.name);
  if (!repository) throw notFound(`repository ${found.name} not found`);
  return { ...found, repository };
}
