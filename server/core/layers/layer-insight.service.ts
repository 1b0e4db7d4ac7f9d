/**
 * The layer reverse index and base images, for the Berth-only API:
 *
 * - which artifacts name a blob, for any layer (or config) digest, across the registry;
 * - an image's lineage: the image it is built on (its base: an image whose layers are a strict
 *   prefix of its own; the rule picking one of several is in findBase) and how many images are
 *   built on it, with the list of those (its dependents) in pages.
 *
 * Lists hold only artifacts the caller may read (artifact:read, the permission table's, in the
 * query); an anonymous caller sees public projects. Everything reads rows kept at push time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isDigest } from '../../lib/digest.js';
import { invalid } from '../../lib/errors.js';
import { artifactFor } from '../artifacts/artifact-access.js';
import { buildListQuery, emptyPage, type Page, type Paging } from '../lists/list-query.js';
import { artifactsReadableBy } from '../rbac/registry-grants.js';
import type { RepositoryNames } from '../repositories/repository-access.js';
import type { Actor } from '../security/actor.js';
import { countDependents, findBase, fullChainOf, LAYER_USER_LIST, listBlobUsers, listDependents, type ArtifactSummary } from './layer-chain.repository.js';

type Db = Kysely<Database>;
type ArtifactNames = RepositoryNames & { reference: string };

export interface Lineage {
  /** How many layers the image has (0 for an index or an artifact without layers). */
  layers: number;
  base: ArtifactSummary | null;
  /** How many images the caller may see are built on it. */
  usedByCount: number;
}

/** GET /berth/blobs/{digest}/artifacts. */
export async function listBlobArtifactsAs(db: Db, actor: Actor, digest: string, paging: Paging): Promise<Page<ArtifactSummary>> {
  if (!isDigest(digest)) throw invalid(`digest ${digest} is not a valid digest (such as sha256:<64 hex digits>).`, 'digest');
  return listBlobUsers(db, digest, artifactsReadableBy(actor.subject), buildListQuery(LAYER_USER_LIST, paging));
}

/** GET /berth/projects/{p}/repositories/{r}/artifacts/{reference}/lineage: needs artifact:read. */
export async function lineageAs(db: Db, actor: Actor, names: ArtifactNames): Promise<Lineage> {
  const { artifact } = await artifactFor(db, actor, names, 'artifact', 'read');
  const own = await fullChainOf(db, artifact.id);
  if (!own) return { layers: 0, base: null, usedByCount: 0 };
  const visibility = artifactsReadableBy(actor.subject);
  const [base, usedByCount] = await Promise.all([findBase(db, artifact.id, visibility), countDependents(db, own, visibility)]);
  return { layers: own.layers, base: base ?? null, usedByCount };
}

/** GET …/artifacts/{reference}/dependents: the images built on this one, newest first; needs artifact:read. */
export async function listDependentsAs(db: Db, actor: Actor, names: ArtifactNames, paging: Paging): Promise<Page<ArtifactSummary>> {
  const { artifact } = await artifactFor(db, actor, names, 'artifact', 'read');
  const query = buildListQuery(LAYER_USER_LIST, paging);
  const own = await fullChainOf(db, artifact.id);
  return own ? listDependents(db, own, artifactsReadableBy(actor.subject), query) : emptyPage(query);
}
