/** Applies and reports schema migrations (`berth migrate up | status`; `serve` runs `up`). */
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrationStatus {
  name: string;
  executedAt: Date | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const migratorFor = (db: Kysely<any>) =>
  new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });

export class MigrationError extends Error {
  constructor(
    readonly failed: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${failed ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** The database holds migrations this Berth does not have: a newer version migrated it. */
export class NewerDatabaseError extends Error {
  constructor(readonly migration: string) {
    super(`The database was migrated by a newer Berth (unknown migration ${migration}); run that version or restore a backup.`);
  }
}

/**
 * Kysely's migrator reports an unknown applied migration as "corrupted migrations", and its
 * status lists only the migrations it knows, calling such a database up to date. Checked
 * before the migrator runs, since the migrator creates its tables first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function refuseNewerDatabase(db: Kysely<any>): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return;
  const rows = (await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()) as { name: string }[];
  const unknown = rows.find((r) => !(r.name in MIGRATIONS));
  if (unknown) throw new NewerDatabaseError(unknown.name);
}

/** Runs every pending migration, in order, each in its own transaction. Returns the names applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateUp(db: Kysely<any>): Promise<string[]> {
  await refuseNewerDatabase(db);
  const { error, results } = await migratorFor(db).migrateToLatest();
  const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
  if (error) throw new MigrationError(results?.find((r) => r.status === 'Error')?.migrationName, error);
  return applied;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus[]> {
  await refuseNewerDatabase(db);
  const migrations = await migratorFor(db).getMigrations();
  return migrations.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
