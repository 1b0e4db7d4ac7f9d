/**
 * Data access for upload sessions. A session's bytes are in the blob store; its row says how
 * many are acknowledged and who may append. Appending takes a lease first (only when the row is
 * still at the offset the client continues from), so two processes never write one file at once.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, UploadRow } from '../../db/schema.js';

type Db = Kysely<Database>;

/** No request holds the session: it never took a lease, or its lease ran out (a process died). */
const idleAt = (now: string) => (eb: ExpressionBuilder<Database, 'uploads'>) =>
  eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);

export interface Upload {
  id: string;
  projectId: number;
  repository: string;
  /** Bytes acknowledged so far. */
  size: number;
  startedAt: string;
  updatedAt: string;
}

const toUpload = (row: UploadRow): Upload => ({
  id: row.upload_id,
  projectId: row.project_id,
  repository: row.repository,
  size: row.size,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
});

export async function insertUpload(db: Db, u: { id: string; projectId: number; repository: string; now: string }): Promise<void> {
  await db
    .insertInto('uploads')
    .values({ upload_id: u.id, project_id: u.projectId, repository: u.repository, started_at: u.now, updated_at: u.now })
    .execute();
}

export async function findUpload(db: Db, id: string): Promise<Upload | undefined> {
  const row = await db.selectFrom('uploads').selectAll().where('upload_id', '=', id).executeTakeFirst();
  return row && toUpload(row);
}

/** Takes the lease when the upload holds exactly `size` bytes and nobody else holds it. */
export async function claimUpload(
  db: Db,
  lease: { id: string; size: number; owner: string; until: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({ lease_owner: lease.owner, lease_until: lease.until })
    .where('upload_id', '=', lease.id)
    .where('size', '=', lease.size)
    .where(idleAt(lease.now))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Who holds the upload's lease, when someone does. */
export async function findLeaseOwner(db: Db, id: string): Promise<string | null> {
  return (await findLease(db, id))?.owner ?? null;
}

/** The upload's size and its lease (owner and expiry, ISO; null when nobody ever held it). */
export async function findLease(db: Db, id: string): Promise<{ size: number; owner: string | null; until: string | null } | undefined> {
  const row = await db.selectFrom('uploads').select(['size', 'lease_owner', 'lease_until']).where('upload_id', '=', id).executeTakeFirst();
  return row && { size: row.size, owner: row.lease_owner, until: row.lease_until };
}

/** Takes the lease from `from` (a holder known to be dead) when the upload holds exactly `size` bytes. */
export async function takeOverUpload(
  db: Db,
  lease: { id: string; size: number; from: string; owner: string; until: string },
): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({ lease_owner: lease.owner, lease_until: lease.until })
    .where('upload_id', '=', lease.id)
    .where('size', '=', lease.size)
    .where('lease_owner', '=', lease.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Renews the lease; false when `owner` no longer holds it. */
export async function extendLease(db: Db, id: string, owner: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({ lease_until: until })
    .where('upload_id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records the new size and gives the lease back. */
export async function releaseUpload(db: Db, id: string, owner: string, size: number, now: string): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ size, lease_owner: null, lease_until: null, updated_at: now })
    .where('upload_id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function deleteUpload(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('uploads').where('upload_id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes the session unless a request holds its lease. False when it is held or gone. */
export async function deleteIdleUpload(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .deleteFrom('uploads')
    .where('upload_id', '=', id)
    .where(idleAt(now))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes the sessions of a project, or of one repository; returns their ids, whose files the caller removes. */
export async function deleteUploadsOf(db: Db, of: { projectId: number } | { repository: string }): Promise<string[]> {
  const rows = await db
    .deleteFrom('uploads')
    .where((eb) => ('projectId' in of ? eb('project_id', '=', of.projectId) : eb('repository', '=', of.repository)))
    .returning('upload_id')
    .execute();
  return rows.map((r) => r.upload_id);
}

/** Deletes the session while `owner` (a holder known to be dead) still holds its lease. */
export async function deleteUploadHeldBy(db: Db, id: string, owner: string): Promise<boolean> {
  const result = await db.deleteFrom('uploads').where('upload_id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Uploads untouched since `before` and not being appended to. */
export async function findStaleUploads(db: Db, before: string, now: string): Promise<Upload[]> {
  const rows = await db
    .selectFrom('uploads')
    .selectAll()
    .where('updated_at', '<', before)
    .where(idleAt(now))
    .execute();
  return rows.map(toUpload);
}

/** Of `ids`, those that have a session row. */
export async function existingUploadIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('uploads').select('upload_id').where('upload_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.upload_id));
}
