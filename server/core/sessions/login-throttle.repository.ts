/**
 * Failed sign-ins, counted in the database so every Berth process sharing it enforces the same
 * limits. One row per account at an address and per client address; a row is touched only on
 * failure (and removed on the account's success there), so successful traffic writes nothing here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface ThrottleKey {
  /**
   * account-address / address: failed sign-ins per account at a client address, and per
   * client address. The other scopes count requests that must stay rare (password reset mails,
   * sign-ups) the same way. (Rows of the retired 'account' scope are no longer read; the
   * hourly sweep removes them.)
   */
  scope: 'account-address' | 'address' | 'reset-email' | 'reset-address' | 'signup-address';
  key: string;
}

export interface FailureState extends ThrottleKey {
  failures: number;
  lockedUntil: string | null;
}

/** The recorded failures of the keys (keys without failures are absent). */
export async function failureStates(db: Db, keys: ThrottleKey[]): Promise<FailureState[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('login_failures')
    .select(['scope', 'key', 'failures', 'locked_until'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .execute();
  return rows.map((r) => ({ scope: r.scope as ThrottleKey['scope'], key: r.key, failures: r.failures, lockedUntil: r.locked_until }));
}

/**
 * Counts one failure, atomically (concurrent failures are all counted). The count starts over
 * when the previous failure is older than `forgetBefore`. Returns the new count.
 */
export async function countFailure(db: Db, key: ThrottleKey, now: string, forgetBefore: string): Promise<number> {
  const row = await db
    .insertInto('login_failures')
    .values({ ...key, failures: 1, window_start: now, last_failure: now, locked_until: null })
    .onConflict((oc) =>
      oc.columns(['scope', 'key']).doUpdateSet((eb) => {
        const stale = eb('login_failures.last_failure', '<', forgetBefore);
        return {
          failures: eb.case().when(stale).then(1).else(eb('login_failures.failures', '+', 1)).end(),
          window_start: eb.case().when(stale).then(now).else(eb.ref('login_failures.window_start')).end(),
          last_failure: now,
        };
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function lockUntil(db: Db, key: ThrottleKey, until: string): Promise<void> {
  await db
    .updateTable('login_failures')
    .set({ locked_until: until })
    .where('scope', '=', key.scope)
    .where('key', '=', key.key)
    .execute();
}

/** Forgets an account's failures (after it signed in). Returns whether there were any. */
export async function clearFailures(db: Db, key: ThrottleKey): Promise<boolean> {
  const result = await db.deleteFrom('login_failures').where('scope', '=', key.scope).where('key', '=', key.key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Removes rows whose last failure is older than `before` and that hold no running lock. */
export async function deleteStaleFailures(db: Db, before: string, now: string): Promise<number> {
  const result = await db
    .deleteFrom('login_failures')
    .where('last_failure', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
