/**
 * ldap_scope takes Harbor 2's numbers (0 base, 1 one level, 2 subtree), as Harbor's API clients
 * send them; it was stored with Harbor 1.x's (1, 2, 3). Settings are JSON text.
 */
import { sql } from 'kysely';
import type { AnyDb } from './support.js';

const shift = (db: AnyDb, from: string, to: string) =>
  sql`update system_config set v = ${to} where k = 'ldap_scope' and v = ${from}`.execute(db);

export async function up(db: AnyDb): Promise<void> {
  for (const [from, to] of [['1', '0'], ['2', '1'], ['3', '2']] as const) await shift(db, from, to);
}

export async function down(db: AnyDb): Promise<void> {
  for (const [from, to] of [['2', '3'], ['1', '2'], ['0', '1']] as const) await shift(db, from, to);
}
