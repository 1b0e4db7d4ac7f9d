/** Data access for runtime settings: one row per key, the value as JSON text. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export async function readSettingRows(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('system_config').select(['k', 'v']).execute();
  return new Map(rows.map((r) => [r.k, r.v]));
}

export async function readSettingRow(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('system_config').select('v').where('k', '=', key).executeTakeFirst();
  return row?.v;
}

export async function writeSettingRows(db: Db, values: Map<string, string>, at: string): Promise<void> {
  for (const [k, v] of values) {
    await db
      .insertInto('system_config')
      .values({ k, v, update_time: at })
      .onConflict((oc) => oc.column('k').doUpdateSet({ v, update_time: at }))
      .execute();
  }
}

/** Adds a row that must not exist yet (a unique violation says another process wrote it first). */
export async function insertSettingRow(db: Db, key: string, value: string, at: string): Promise<void> {
  await db.insertInto('system_config').values({ k: key, v: value, update_time: at }).execute();
}
