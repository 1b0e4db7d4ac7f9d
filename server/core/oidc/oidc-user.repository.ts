/** Data access for users onboarded through OpenID Connect (Harbor's oidc_user). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import { parseGroupIds } from '../sessions/session.service.js';

type Db = Kysely<Database>;

export interface OidcUserRecord {
  userId: number;
  /** The ID token's sub and iss: who the provider says this is. */
  subiss: string;
  /** Sealed with the secret key; '' before one was ever set. */
  sealedSecret: string;
  sealedToken: string | null;
  groupIds: number[];
  creationTime: string;
  updateTime: string;
}

export async function findOidcUser(db: Db, userId: number): Promise<OidcUserRecord | undefined> {
  const row = await db.selectFrom('oidc_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return (
    row && {
      userId: row.user_id,
      subiss: row.subiss,
      sealedSecret: row.secret,
      sealedToken: row.token,
      groupIds: parseGroupIds(row.group_ids),
      creationTime: row.creation_time,
      updateTime: row.update_time,
    }
  );
}

export async function findOidcUserIdBySubiss(db: Db, subiss: string): Promise<number | undefined> {
  const row = await db.selectFrom('oidc_users').select('user_id').where('subiss', '=', subiss).executeTakeFirst();
  return row?.user_id;
}

export async function insertOidcUser(db: Db, r: { userId: number; subiss: string; sealedSecret: string; sealedToken: string | null; groupIds: number[] }): Promise<void> {
  const now = isoNow();
  await db
    .insertInto('oidc_users')
    .values({ user_id: r.userId, subiss: r.subiss, secret: r.sealedSecret, token: r.sealedToken, group_ids: JSON.stringify(r.groupIds), creation_time: now, update_time: now })
    .execute();
}

export async function setOidcSecret(db: Db, userId: number, sealedSecret: string): Promise<void> {
  await db.updateTable('oidc_users').set({ secret: sealedSecret, update_time: isoNow() }).where('user_id', '=', userId).execute();
}

/** What the last sign-in brought: the token set (sealed) and the groups from its claim. */
export async function setOidcSignIn(db: Db, userId: number, sealedToken: string, groupIds: number[]): Promise<void> {
  await db
    .updateTable('oidc_users')
    .set({ token: sealedToken, group_ids: JSON.stringify(groupIds), update_time: isoNow() })
    .where('user_id', '=', userId)
    .execute();
}

export async function setOidcToken(db: Db, userId: number, sealedToken: string): Promise<void> {
  await db.updateTable('oidc_users').set({ token: sealedToken, update_time: isoNow() }).where('user_id', '=', userId).execute();
}
