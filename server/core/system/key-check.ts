/**
 * Every process on one database must hold the keys that database was set up with: the token key
 * (a token signed by one instance is verified by any other) and the secret key (settings and
 * remote credentials encrypted by one are decrypted by any other). A restore without its
 * `secret/` folder, or a second instance pointed at another data volume, used to start healthy
 * and then answer 500 on token requests, settings and blob reads. The first start records a
 * fingerprint of each key in the database; every later start compares and refuses to start,
 * naming the key file, when one differs. The fingerprints reveal nothing about the keys: the
 * token key's is a hash of its public half, the secret key's an HMAC made with the key itself.
 */
import { createHash, createHmac, createPublicKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConfigError } from '../../config/load.js';
import { dataLayout } from '../../config/paths.js';
import type { Database } from '../../db/schema.js';

/** A system_config row no setting uses (settings ignore keys they do not define). */
export const KEY_FINGERPRINTS_ROW = 'berth.key_fingerprints';

export interface KeyFingerprints {
  token: string;
  secret: string;
}

export function keyFingerprints(tokenKeyPem: string, secretKey: Buffer): KeyFingerprints {
  const spki = createPublicKey(tokenKeyPem).export({ type: 'spki', format: 'der' });
  return {
    token: createHash('sha256').update(spki).digest('hex'),
    secret: createHmac('sha256', secretKey).update('berth key fingerprint').digest('hex'),
  };
}

/** Records the fingerprints on first use, or throws ConfigError naming each key that differs. */
export async function checkKeys(db: Kysely<Database>, dataVolume: string, mine: KeyFingerprints, at: string): Promise<void> {
  // Two instances starting at once on a new database: the first insert wins, the other compares.
  await db
    .insertInto('system_config')
    .values({ k: KEY_FINGERPRINTS_ROW, v: JSON.stringify(mine), update_time: at })
    .onConflict((oc) => oc.column('k').doNothing())
    .execute();
  const row = await db.selectFrom('system_config').select('v').where('k', '=', KEY_FINGERPRINTS_ROW).executeTakeFirstOrThrow();
  const recorded = JSON.parse(row.v) as Partial<KeyFingerprints>;
  const layout = dataLayout(dataVolume);
  const problems: string[] = [];
  const hint = 'restore the secret/ folder that was backed up with this database, or point data_volume at the volume the other instances use';
  if (recorded.token !== mine.token) {
    problems.push(`data_volume: the token signing key ${layout.tokenKey} is not the one this database was set up with; ${hint}`);
  }
  if (recorded.secret !== mine.secret) {
    problems.push(`data_volume: the secret key ${layout.secretKey} is not the one this database was set up with (stored passwords could not be read); ${hint}`);
  }
  if (problems.length) throw new ConfigError(problems);
}
