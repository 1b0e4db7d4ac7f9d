/** `berth migrate up | status | test`: the schema, explicitly (serve applies pending migrations itself). */
import { openDatabase } from '../db/connect.js';
import { migrateUp, migrationStatus } from '../db/migrate.js';
import { loadForCli, type ConfigFlag } from './common.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function withDatabase(flags: ConfigFlag, work: (db: ReturnType<typeof openDatabase>) => Promise<void>) {
  const { config } = loadForCli(flags);
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
  });

export const migrateStatusCommand = (flags: ConfigFlag) =>
  withDatabase(flags, async ({ db, dialect }) => {
    const status = await migrationStatus(db);
    say(`database: ${dialect}`);
    for (const m of status) say(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`);
    const pending = status.filter((m) => !m.executedAt).length;
    say(pending ? `${pending} pending; run \`berth migrate up\` or start Berth.` : 'The schema is up to date.');
  });

export const migrateTestCommand = (flags: ConfigFlag) =>
  withDatabase(flags, async (database) => {
    await database.ping();
    say(`The ${database.dialect} database answers.`);
  });
