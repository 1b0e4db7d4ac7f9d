/**
 * Reading the maintained storage figures (migrations 0020/0020b: triggers keep them as data
 * changes), so a project's or repository's storage costs one row, never a walk of its artifacts.
 * On PostgreSQL a scope's row may have deltas not yet folded in: they are added on read.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StorageScope } from '../../db/schema-storage.js';

type Db = Kysely<Database>;

export interface StorageFigures {
  artifactCount: number;
  manifestBytes: number;
  /** The distinct blobs the scope's artifacts name. */
  blobBytes: number;
  /** Of those, the ones no other scope of the same kind names. */
  uniqueBlobBytes: number;
  /** As if every artifact stored its own blobs. */
  logicalBlobBytes: number;
  /** System only: every blob in the store, unreferenced ones too. */
  storedBlobBytes: number;
}

/** What a scope's artifacts use: the distinct blobs they name and their manifests (quotas, project summaries, /metrics). */
export const usedBytes = (figures: StorageFigures): number => figures.blobBytes + figures.manifestBytes;

const ZERO: StorageFigures = { artifactCount: 0, manifestBytes: 0, blobBytes: 0, uniqueBlobBytes: 0, logicalBlobBytes: 0, storedBlobBytes: 0 };
const COLUMNS = ['artifact_count', 'manifest_bytes', 'blob_bytes', 'unique_blob_bytes', 'logical_blob_bytes', 'stored_blob_bytes'] as const;
const FIELDS = ['artifactCount', 'manifestBytes', 'blobBytes', 'uniqueBlobBytes', 'logicalBlobBytes', 'storedBlobBytes'] as const;

type Row = { scope_id: number } & Record<(typeof COLUMNS)[number], string | number | null>;

function add(into: StorageFigures, row: Row): StorageFigures {
  const out = { ...into };
  COLUMNS.forEach((column, i) => (out[FIELDS[i]!] += Number(row[column] ?? 0)));
  return out;
}

/** Figures of several scopes of one kind, keyed by id (zero for a scope with no row). */
export async function storageFiguresOf(db: Db, scope: StorageScope, ids: number[]): Promise<Map<number, StorageFigures>> {
  const figures = new Map(ids.map((id) => [id, { ...ZERO }]));
  if (ids.length === 0) return figures;
  const rows = await db.selectFrom('storage_counters').select(['scope_id', ...COLUMNS]).where('scope', '=', scope).where('scope_id', 'in', ids).execute();
  const pending = await db
    .selectFrom('storage_counter_deltas')
    .select(['scope_id', ...COLUMNS.map((c) => sql<string>`sum(${sql.ref(c)})`.as(c))])
    .where('scope', '=', scope)
    .where('scope_id', 'in', ids)
    .groupBy('scope_id')
    .execute();
  for (const row of [...rows, ...pending] as Row[]) figures.set(row.scope_id, add(figures.get(row.scope_id) ?? ZERO, row));
  return figures;
}

export async function storageFigures(db: Db, scope: StorageScope, id: number): Promise<StorageFigures> {
  return (await storageFiguresOf(db, scope, [id])).get(id)!;
}

/** Manifest bytes of every project (the system row counts artifacts too, but this is its check). */
export const systemStorageFigures = (db: Db) => storageFigures(db, 's', 0);

/** A blob named by artifacts about to go: how many of its references they hold, of all it has. */
export interface BlobReach {
  blobId: number;
  size: number;
  fromThese: number;
  fromAll: number;
}

/** The blobs `artifactIds` name, with how many references to each they hold and how many exist. */
export async function blobReachOf(db: Db, artifactIds: number[]): Promise<BlobReach[]> {
  if (artifactIds.length === 0) return [];
  const rows = await db
    .selectFrom('artifact_blobs as ab')
    .innerJoin('blobs as b', 'b.blob_id', 'ab.blob_id')
    .innerJoin('blob_usage as u', 'u.blob_id', 'ab.blob_id')
    .select(['ab.blob_id', 'b.size', 'u.artifact_refs', (eb) => eb.fn.countAll<string>().as('from_these')])
    .where('ab.artifact_id', 'in', artifactIds)
    .groupBy(['ab.blob_id', 'b.size', 'u.artifact_refs'])
    .execute();
  return rows.map((r) => ({ blobId: r.blob_id, size: Number(r.size), fromThese: Number(r.from_these), fromAll: Number(r.artifact_refs) }));
}

/** Other artifacts naming any of the blobs, counted up to `cap` (a base layer may be in every image). */
export async function countOtherArtifactsNaming(db: Db, blobIds: number[], excluded: number[], cap: number): Promise<number> {
  if (blobIds.length === 0) return 0;
  const row = await db
    .selectFrom(
      db
        .selectFrom('artifact_blobs')
        .select('artifact_id')
        .distinct()
        .where('blob_id', 'in', blobIds)
        .where('artifact_id', 'not in', excluded)
        .limit(cap)
        .as('others'),
    )
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Manifest bytes of the artifacts. */
export async function manifestBytesOf(db: Db, artifactIds: number[]): Promise<number> {
  if (artifactIds.length === 0) return 0;
  const row = await db
    .selectFrom('artifacts')
    .select(sql<string>`coalesce(sum(manifest_size), 0)`.as('total'))
    .where('artifact_id', 'in', artifactIds)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Accessories (same repository, subject the digest) of an artifact. */
export async function referrersOf(db: Db, repositoryId: number, digest: string): Promise<{ id: number; digest: string }[]> {
  const rows = await db
    .selectFrom('artifacts')
    .select(['artifact_id', 'digest'])
    .where('repository_id', '=', repositoryId)
    .where('subject_digest', '=', digest)
    .execute();
  return rows.map((r) => ({ id: r.artifact_id, digest: r.digest }));
}

/** Index children, with their digests. */
export async function childrenOf(db: Db, parentId: number): Promise<{ id: number; digest: string }[]> {
  const rows = await db.selectFrom('artifact_references').select(['child_id', 'child_digest']).where('parent_id', '=', parentId).execute();
  return rows.map((r) => ({ id: r.child_id, digest: r.child_digest }));
}

/** Of `ids`, those an index outside `going` lists, or a tag names (for children). */
export async function keptOf(db: Db, ids: number[], going: number[], tagKeeps: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const listed = await db
    .selectFrom('artifact_references')
    .select('child_id')
    .where('child_id', 'in', ids)
    .where('parent_id', 'not in', going)
    .execute();
  const tagged = tagKeeps.length ? await db.selectFrom('tags').select('artifact_id').where('artifact_id', 'in', tagKeeps).execute() : [];
  return new Set([...listed.map((r) => r.child_id), ...tagged.map((t) => t.artifact_id)]);
}
