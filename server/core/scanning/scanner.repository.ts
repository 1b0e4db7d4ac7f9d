/** Rows of `scanners` and `project_scanners`. Credentials stay sealed here. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ScannerRow } from '../../db/schema-scanning.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { ScannerRow };

export interface ScannerFields {
  name: string;
  description: string;
  url: string;
  auth: string;
  /** Sealed, or '' for none. */
  access_credential: string;
  skip_cert_verify: number;
  use_internal_addr: number;
  disabled: number;
}

export const findScannerByUuid = (db: Db, uuid: string) => db.selectFrom('scanners').selectAll().where('uuid', '=', uuid).executeTakeFirst();
export const findScannerById = (db: Db, id: number) => db.selectFrom('scanners').selectAll().where('id', '=', id).executeTakeFirst();
export const findScannerByName = (db: Db, name: string) => db.selectFrom('scanners').selectAll().where('name', '=', name).executeTakeFirst();
export const findDefaultScanner = (db: Db) => db.selectFrom('scanners').selectAll().where('is_default', '=', 1).executeTakeFirst();
export const countScanners = async (db: Db) => Number((await db.selectFrom('scanners').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export async function insertScanner(db: Db, uuid: string, fields: ScannerFields, isDefault: boolean, now: string): Promise<number> {
  const row = await db
    .insertInto('scanners')
    .values({ ...fields, uuid, is_default: isDefault ? 1 : 0, creation_time: now, update_time: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateScannerRow(db: Db, id: number, fields: Partial<ScannerFields>, now: string): Promise<void> {
  await db.updateTable('scanners').set({ ...fields, update_time: now }).where('id', '=', id).execute();
}

export async function deleteScannerRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('scan_reports').where('scanner_id', '=', id).execute();
  await db.deleteFrom('project_scanners').where('scanner_id', '=', id).execute();
  await db.deleteFrom('scanners').where('id', '=', id).execute();
}

/** Makes `id` the one default registration. */
export async function setDefaultScanner(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('scanners').set({ is_default: 0 }).where('is_default', '=', 1).where('id', '!=', id).execute();
  await db.updateTable('scanners').set({ is_default: 1, update_time: now }).where('id', '=', id).execute();
}

/** The registration a project chose, if any. */
export async function findProjectScanner(db: Db, projectId: number): Promise<ScannerRow | undefined> {
  return db
    .selectFrom('project_scanners')
    .innerJoin('scanners', 'scanners.id', 'project_scanners.scanner_id')
    .selectAll('scanners')
    .where('project_scanners.project_id', '=', projectId)
    .executeTakeFirst();
}

export async function setProjectScanner(db: Db, projectId: number, scannerId: number): Promise<void> {
  await db
    .insertInto('project_scanners')
    .values({ project_id: projectId, scanner_id: scannerId })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ scanner_id: scannerId }))
    .execute();
}

/** The fields scanner lists offer in q and sort (Harbor's names). */
export const SCANNER_LIST: ListSpec = {
  items: 'scanners',
  fields: {
    name: { column: 'name', type: 'string', sort: true, unique: true },
    description: { column: 'description', type: 'string' },
    url: { column: 'url', type: 'string' },
    uuid: { column: 'uuid', type: 'string' },
    is_default: { column: 'is_default', type: 'int' },
    disabled: { column: 'disabled', type: 'int' },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
  },
  defaultSort: 'creation_time',
  tieBreaker: 'id',
};

export function listScannerRows(db: Kysely<Database>, query: ListQuery): Promise<Page<ScannerRow>> {
  return pageOf(db, db.selectFrom('scanners'), query, (qb) => qb.selectAll());
}
