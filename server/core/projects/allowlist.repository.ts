/** Data access for projects' CVE allowlists: one row each, made with the project (Harbor's cve_allowlist). */
import type { Kysely } from 'kysely';
import type { CveAllowlistRow, Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface CveAllowlist {
  /** 0 when the project has no row yet (Harbor's answer for that case). */
  id: number;
  projectId: number;
  cveIds: string[];
  /** Seconds since the epoch; null: never expires. */
  expiresAt: number | null;
  creationTime: string;
  updateTime: string;
}

export interface AllowlistInput {
  cveIds: string[];
  expiresAt: number | null;
}

const toAllowlist = (row: CveAllowlistRow): CveAllowlist => ({
  id: row.id,
  projectId: row.project_id,
  cveIds: (JSON.parse(row.items) as { cve_id: string }[]).map((item) => item.cve_id),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

const itemsText = (cveIds: string[]) => JSON.stringify(cveIds.map((cve_id) => ({ cve_id })));

/** Sets the project's allowlist, making its row when there is none. */
export async function saveAllowlist(db: Db, projectId: number, input: AllowlistInput, at: string): Promise<void> {
  const values = { items: itemsText(input.cveIds), expires_at: input.expiresAt, update_time: at };
  await db
    .insertInto('cve_allowlists')
    .values({ project_id: projectId, ...values, creation_time: at })
    .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
    .execute();
}

/** The allowlists of several projects at once, by project id. */
export async function allowlistsOf(db: Db, projectIds: number[]): Promise<Map<number, CveAllowlist>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db.selectFrom('cve_allowlists').selectAll().where('project_id', 'in', projectIds).execute();
  return new Map(rows.map((row) => [row.project_id, toAllowlist(row)]));
}

const EPOCH = new Date(0).toISOString();

/** The system allowlist (Harbor's row of project 0); Harbor's answer without a row: id 0, no items. */
export async function findSystemAllowlist(db: Db): Promise<CveAllowlist> {
  const row = await db.selectFrom('system_cve_allowlist').selectAll().orderBy('id').executeTakeFirst();
  if (!row) return { id: 0, projectId: 0, cveIds: [], expiresAt: null, creationTime: EPOCH, updateTime: EPOCH };
  return toAllowlist({ ...row, project_id: 0 });
}

/** Replaces the system allowlist, making its one row on the first call. */
export async function saveSystemAllowlist(db: Db, input: AllowlistInput, at: string): Promise<void> {
  const values = { items: itemsText(input.cveIds), expires_at: input.expiresAt, update_time: at };
  const row = await db.selectFrom('system_cve_allowlist').select('id').orderBy('id').executeTakeFirst();
  if (row) await db.updateTable('system_cve_allowlist').set(values).where('id', '=', row.id).execute();
  else await db.insertInto('system_cve_allowlist').values({ ...values, creation_time: at }).execute();
}
