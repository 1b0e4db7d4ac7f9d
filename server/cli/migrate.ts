/** `berth migrate up | status | test | backup | restore | move`: the schema and the database, explicitly (serve applies pending migrations itself). */
import { existsSync } from 'node:fs';
import { backupDatabase, BackupError, restoreDatabase } from '../db/backup.js';
import { openDatabase } from '../db/connect.js';
import { migrateUp, migrationStatus } from '../db/migrate.js';
import { moveToPostgres, MoveError } from '../db/move.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { CliError, loadForCli, type ConfigFlag } from './common.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const noDatabaseYet = (file: string) => `there is no database at ${file} yet; berth migrate up or berth serve creates it`;

type Missing = 'create' | ((file: string) => void);
const refuse: Missing = (file) => {
  throw new CliError(noDatabaseYet(file));
};

/** Opening an SQLite file creates it: only `up` may; checks say there is none yet instead. */
async function withDatabase(flags: ConfigFlag, work: (db: ReturnType<typeof openDatabase>) => Promise<void>, missing: Missing = refuse) {
  const { config } = loadForCli(flags);
  if (missing !== 'create' && config.database.type === 'sqlite' && !existsSync(config.database.path)) {
    missing(config.database.path);
    return;
  }
  const database = openDatabase(config.database);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

export const migrateUpCommand = (flags: ConfigFlag) =>
  withDatabase(flags, async ({ db }) => {
    const applied = await migrateUp(db);
    say(applied.length ? applied.map((name) => `applied ${name}`).join('\n') : 'The schema is up to date.');
  }, 'create');

export const migrateStatusCommand = (flags: ConfigFlag) =>
  withDatabase(
    flags,
    async ({ db, dialect }) => {
      const status = await migrationStatus(db);
      say(`database: ${dialect}`);
      for (const m of status) say(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`);
      const pending = status.filter((m) => !m.executedAt).length;
      say(pending ? `${pending} pending; run \`berth migrate up\` or start Berth.` : 'The schema is up to date.');
    },
    (file) => {
      say('database: sqlite');
      for (const name of Object.keys(MIGRATIONS)) say(`pending  ${name}`);
      say(`There is no database at ${file} yet; berth migrate up or berth serve creates it.`);
    },
  );

export const migrateTestCommand = (flags: ConfigFlag) =>
  withDatabase(flags, async (database) => {
    await database.ping();
    say(`The ${database.dialect} database answers.`);
  });

const defaultBackupName = (dialect: string) =>
  `berth-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.${dialect === 'postgresql' ? 'dump' : 'db'}`;

export async function migrateBackupCommand(flags: ConfigFlag & { out?: string }): Promise<void> {
  const { config } = loadForCli(flags);
  const file = flags.out ?? defaultBackupName(config.database.type);
  try {
    const bytes = await backupDatabase(config.database, file);
    say(`Backed up the ${config.database.type} database to ${file} (${bytes} bytes).`);
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}

export async function migrateRestoreCommand(file: string, flags: ConfigFlag): Promise<void> {
  const { config } = loadForCli(flags);
  try {
    await restoreDatabase(config.database, file);
    say(`Restored the ${config.database.type} database from ${file}. Start Berth to apply any newer migrations.`);
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}

/**
 * `berth migrate move --to <url>`: the embedded database into an empty PostgreSQL database
 * (db/move.ts); prints the harbor.yml block that points Berth at it.
 */
export async function migrateMoveCommand(flags: ConfigFlag & { to: string }): Promise<void> {
  const { config } = loadForCli(flags);
  if (!/^postgres(ql)?:\/\//.test(flags.to)) throw new CliError(`--to: expected a PostgreSQL URL such as postgres://user:password@host:5432/registry, got ${flags.to}`);
  if (config.database.type === 'sqlite' && !existsSync(config.database.path)) throw new CliError(noDatabaseYet(config.database.path));
  const target = { ...config.database, type: 'postgresql' as const, url: flags.to };
  try {
    const moved = await moveToPostgres(config.database, target, say);
    const rows = moved.reduce((n, t) => n + t.rows, 0);
    say(`Moved ${moved.length} tables (${rows} rows) into PostgreSQL; every table's row count and checksum match.`);
    say('Blobs and keys stay where they are. Put this in harbor.yml in place of the database block, then start Berth:');
    say('');
    say('database:');
    say(`  url: ${flags.to}`);
  } catch (err) {
    if (err instanceof MoveError) throw new CliError(err.message);
    throw err;
  }
}
