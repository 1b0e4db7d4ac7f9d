/**
 * Finding an artifact the way the API names it: a repository of a project, and a reference that
 * is a digest (anything with a colon) or a tag, each checked against its grammar first.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isDigest } from '../../lib/digest.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isTag } from '../../lib/reference.js';
import type { Action, ProjectResource } from '../rbac/permissions.js';
import { repositoryFor, type RepositoryInProject } from '../repositories/repository-access.js';
import type { Repository } from '../repositories/repository.repository.js';
import type { Actor } from '../security/actor.js';
import { findArtifactRecord, type ArtifactRecord } from './artifact-list.repository.js';
import { isDigestReference } from './references.js';

type Db = Kysely<Database>;

/** A digest or a tag, as findArtifactRecord takes it; INVALID naming `field` when it is neither. */
export function parseReference(reference: string, field = 'reference'): { digest: string } | { tag: string } {
  if (isDigestReference(reference)) {
    if (!isDigest(reference)) throw invalid(`${field} ${reference} is not a valid digest (such as sha256:<64 hex digits>).`, field);
    return { digest: reference };
  }
  if (!isTag(reference)) throw invalid(`${field} ${reference} is neither a digest nor a tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}).`, field);
  return { tag: reference };
}

/** The artifact `reference` names in the repository; NOT_FOUND when there is none. */
export async function artifactIn(db: Db, repository: Repository, reference: string): Promise<ArtifactRecord> {
  const ref = parseReference(reference);
  const artifact = await findArtifactRecord(db, repository.id, ref);
  if (!artifact) throw notFound(`artifact ${repository.name}${'digest' in ref ? '@' : ':'}${reference} not found`);
  return artifact;
}

export interface ArtifactInRepository extends RepositoryInProject {
  repository: Repository;
  artifact: ArtifactRecord;
}

/** The artifact, once the caller holds `resource:action` in its project. */
export async function artifactFor(
  db: Db,
  actor: Actor,
  names: { project: string; repository: string; reference: string },
  resource: ProjectResource,
  action: Action,
): Promise<ArtifactInRepository> {
  const found = await repositoryFor(db, actor, names, resource, action);
  return { ...found, artifact: await artifactIn(db, found.repository, names.reference) };
}
