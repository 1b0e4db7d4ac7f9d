/** Runs `work` in a transaction, joining the caller's when there already is one. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
