/** Rows of the `registries` table (replication endpoints). Secrets stay sealed here. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RegistryEndpointRow } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { RegistryEndpointRow };

export interface RegistryFields {
  name: string;
  url: string;
  type: string;
  credential_type: string;
  access_key: string;
  /** Sealed, or '' for none. */
  access_secret: string;
  insecure: number;
  ca_certificate: string | null;
  description: string;
}

export const findRegistryById = (db: Db, id: number) => db.selectFrom('registries').selectAll().where('id', '=', id).executeTakeFirst();

export const findRegistryByName = (db: Db, name: string) => db.selectFrom('registries').selectAll().where('name', '=', name).executeTakeFirst();

export async function insertRegistry(db: Db, fields: RegistryFields, now: string): Promise<number> {
  const row = await db
    .insertInto('registries')
    .values({ ...fields, creation_time: now, update_time: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRegistryRow(db: Db, id: number, fields: Partial<RegistryFields>, now: string): Promise<void> {
  await db
    .updateTable('registries')
    .set({ ...fields, update_time: now })
    .where('id', '=', id)
    .execute();
}

export async function setRegistryStatus(db: Db, id: number, status: 'healthy' | 'unhealthy'): Promise<void> {
  await db.updateTable('registries').set({ status }).where('id', '=', id).execute();
}

export async function deleteRegistryRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('registries').where('id', '=', id).execute();
}

/** The fields registry lists offer in q and sort (Harbor's names). */
export const REGISTRY_LIST: ListSpec = {
  items: 'registries',
  fields: {
    id: { column: 'id', type: 'int', sort: true, unique: true },
    name: { column: 'name', type: 'string', sort: true, unique: true },
    url: { column: 'url', type: 'string' },
    type: { column: 'type', type: 'string' },
    description: { column: 'description', type: 'string' },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
  },
  defaultSort: 'id',
  tieBreaker: 'id',
};

export function listRegistryRows(db: Kysely<Database>, query: ListQuery): Promise<Page<RegistryEndpointRow>> {
  return pageOf(db, db.selectFrom('registries'), query, (qb) => qb.selectAll());
}
