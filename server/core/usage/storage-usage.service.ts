/**
 * Dedup-aware storage as a caller may see it: a project's or repository's total, unique and
 * shared bytes; what deleting an artifact, repository or project would free; the system's
 * deduplication ratio. Figures come from the maintained counters (storage-usage.repository).
 *
 * Manifests live in artifact rows, one per artifact: they count as unique to it. A scope's
 * unique bytes are its manifests plus the blobs no other scope of its kind names, which is
 * exactly what deleting it (then collecting garbage) frees.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { artifactFor } from '../artifacts/artifact-access.js';
import { projectFor, type ProjectRef } from '../projects/project-access.js';
import { repositoryFor, type RepositoryNames } from '../repositories/repository-access.js';
import { requireSystemPermission, type Actor } from '../security/actor.js';
import {
  blobReachOf,
  childrenOf,
  countOtherArtifactsNaming,
  keptOf,
  manifestBytesOf,
  referrersOf,
  storageFigures,
  usedBytes,
  type StorageFigures,
} from './storage-usage.repository.js';

type Db = Kysely<Database>;

export interface ScopeStorage {
  total: number;
  unique: number;
  shared: number;
  artifactCount: number;
  manifestBytes: number;
}

export interface DeletionFootprint {
  /** Bytes deleting it (and then collecting garbage) frees: manifests and blobs only it names. */
  frees: number;
  /** Bytes of its blobs that other artifacts keep. */
  stays: number;
  /** Other artifacts naming those blobs, counted up to SHARED_CAP. */
  sharedWith: number;
  /** The artifacts that go with it: itself, the index children and accessories that go too. */
  artifactCount: number;
}

/**
 * Counting the artifacts sharing a base layer stops here (the dialog says "1,000 or more"): a
 * layer in 200,000 images would otherwise cost a count of them all on every dialog.
 */
export const SHARED_CAP = 1000;

function scopeStorage(figures: StorageFigures): ScopeStorage {
  const total = usedBytes(figures);
  const unique = figures.uniqueBlobBytes + figures.manifestBytes;
  return { total, unique, shared: total - unique, artifactCount: figures.artifactCount, manifestBytes: figures.manifestBytes };
}

export async function projectStorageAs(db: Db, actor: Actor, ref: ProjectRef): Promise<ScopeStorage> {
  const { project } = await projectFor(db, actor, ref, 'quota', 'read');
  return scopeStorage(await storageFigures(db, 'p', project.id));
}

export async function repositoryStorageAs(db: Db, actor: Actor, names: RepositoryNames): Promise<ScopeStorage> {
  const { repository } = await repositoryFor(db, actor, names, 'quota', 'read');
  return scopeStorage(await storageFigures(db, 'r', repository.id));
}

/**
 * What goes when the artifact is deleted, as deleteDependents deletes it: its index children
 * unless a tag or another index keeps them, its accessories unless an index lists them, and
 * in turn theirs.
 */
async function goingWith(db: Db, repositoryId: number, root: { id: number; digest: string }): Promise<number[]> {
  const going = new Set([root.id]);
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    const children = (await childrenOf(db, next.id)).filter((c) => !going.has(c.id));
    const referrers = (await referrersOf(db, repositoryId, next.digest)).filter((r) => !going.has(r.id));
    const candidates = [...children, ...referrers];
    const kept = await keptOf(db, candidates.map((c) => c.id), [...going], children.map((c) => c.id));
    for (const candidate of candidates.filter((c) => !kept.has(c.id) && !going.has(c.id))) {
      going.add(candidate.id);
      queue.push(candidate);
    }
  }
  return [...going];
}

export async function artifactStorageAs(db: Db, actor: Actor, names: RepositoryNames & { reference: string }): Promise<DeletionFootprint> {
  const { repository, artifact } = await artifactFor(db, actor, names, 'quota', 'read');
  const going = await goingWith(db, repository.id, { id: artifact.id, digest: artifact.digest });
  const reach = await blobReachOf(db, going);
  const freed = reach.filter((b) => b.fromThese >= b.fromAll);
  const staying = reach.filter((b) => b.fromThese < b.fromAll);
  const sum = (blobs: typeof reach) => blobs.reduce((total, b) => total + b.size, 0);
  return {
    frees: sum(freed) + (await manifestBytesOf(db, going)),
    stays: sum(staying),
    sharedWith: await countOtherArtifactsNaming(db, staying.map((b) => b.blobId), going, SHARED_CAP),
    artifactCount: going.length,
  };
}

export interface SystemStorage {
  /** Bytes the store holds: every blob (unreferenced ones until GC) and every manifest. */
  stored: number;
  /** Bytes artifacts use, each blob once: what deduplication leaves. */
  physical: number;
  /** Bytes artifacts would use if each stored its own blobs. */
  logical: number;
  /** logical / physical; 1 when nothing is stored. */
  dedupRatio: number;
  artifactCount: number;
}

export async function systemStorageAs(db: Db, actor: Actor): Promise<SystemStorage> {
  requireSystemPermission(actor, 'quota', 'read');
  const figures = await storageFigures(db, 's', 0);
  const physical = figures.blobBytes + figures.manifestBytes;
  const logical = figures.logicalBlobBytes + figures.manifestBytes;
  return {
    stored: figures.storedBlobBytes + figures.manifestBytes,
    physical,
    logical,
    dedupRatio: physical === 0 ? 1 : logical / physical,
    artifactCount: figures.artifactCount,
  };
}
