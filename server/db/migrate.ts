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

/** Runs every pending migration, in order, each in its own transaction. Returns the names applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateUp(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
  if (error) throw new MigrationError(results?.find((r) => r.status === 'Error')?.migrationName, error);
  return applied;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
