/**
 * `berth migrate backup | restore`: the seed's database migration tool kept its backup and
 * restore around upgrades; these do the same for Berth's database. SQLite uses SQLite's online
 * backup (consistent while Berth runs); PostgreSQL uses pg_dump / pg_restore in custom format.
 * Restore replaces the whole database: stop every Berth process first.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { DatabaseSettings } from './connect.js';
import { whoIsServing } from './in-use.js';

export class BackupError extends Error {}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_MAGIC = 'PGDMP';

async function header(file: string, length: number): Promise<string> {
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(err.code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file}: ${err.message}`);
  });
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, 0);
    return buffer.toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Where pg tools connect, and the password they need, kept apart. */
export interface PostgresTarget {
  /** The connection string without its password: command lines are visible to every user (ps). */
  url: string;
  /** For PGPASSWORD, which only the tool's own process can read. */
  password: string | undefined;
}

/** The connection pg tools take, built from harbor.yml's database section. */
export function postgresTarget(settings: DatabaseSettings): PostgresTarget {
  let url: URL;
  if (settings.url) {
    url = new URL(settings.url);
  } else {
    url = new URL('postgres://localhost');
    url.hostname = settings.host ?? 'localhost';
    url.port = String(settings.port);
    url.username = settings.username;
    if (settings.password) url.password = settings.password;
    url.pathname = `/${settings.db_name}`;
    url.searchParams.set('sslmode', settings.sslmode);
  }
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  return { url: url.toString(), password };
}

function runTool(command: string, args: string[], target: PostgresTarget): Promise<void> {
  const env = { ...process.env };
  if (target.password !== undefined) env.PGPASSWORD = target.password;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new BackupError(err.code === 'ENOENT' ? `${command} is not installed; install the postgresql-client package` : err.message)),
    );
    child.once('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed: ${stderr.trim() || `status ${code}`}`))));
  });
}

/**
 * Writes the backup beside `file` under a temporary name and renames it into place only when
 * complete: pg_dump and SQLite both create their output before they know they can fill it, and a
 * failed run must not replace a good backup with an empty one.
 */
export async function backupDatabase(settings: DatabaseSettings, file: string): Promise<number> {
  if (settings.type === 'sqlite') {
    await stat(settings.path).catch(() => {
      throw new BackupError(`there is no database at ${settings.path} yet`);
    });
  }
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    if (settings.type === 'postgresql') {
      const target = postgresTarget(settings);
      await runTool('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${target.url}`], target);
    } else {
      const db = new SQLite(settings.path, { readonly: true, fileMustExist: true });
      try {
        await db.backup(partial);
      } catch (err) {
        throw new BackupError(`cannot back up ${settings.path}: ${(err as Error).message}`);
      } finally {
        db.close();
      }
    }
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return (await stat(file)).size;
}

/**
 * The result must be exactly the backup: pg_restore --clean drops only what the backup names,
 * so tables made by newer migrations stayed. The script pg_restore writes runs after emptying
 * the schema, all in one transaction, so a failure (a truncated backup) leaves the database as
 * it was. The script holds password hashes: it lives in a private directory, briefly.
 */
async function restorePostgres(settings: DatabaseSettings, file: string): Promise<void> {
  const target = postgresTarget(settings);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-restore-'));
  try {
    const script = path.join(dir, 'restore.sql');
    await runTool('pg_restore', ['--no-owner', `--file=${script}`, file], target);
    await runTool(
      'psql',
      ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${target.url}`,
        '--command=drop schema if exists public cascade; create schema public;', `--file=${script}`],
      target,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function refuseWhileServing(settings: DatabaseSettings): Promise<void> {
  let who: string | null;
  try {
    who = await whoIsServing(settings);
  } catch (err) {
    throw new BackupError(`cannot reach the database: ${(err as Error).message}`);
  }
  if (who) throw new BackupError(`${who}; stop every Berth server before restoring, nothing was restored`);
}

export async function restoreDatabase(settings: DatabaseSettings, file: string): Promise<void> {
  if (settings.type === 'postgresql') {
    if ((await header(file, PG_MAGIC.length)) !== PG_MAGIC) throw new BackupError(`${file} is not a PostgreSQL backup made by berth migrate backup`);
    await refuseWhileServing(settings);
    await restorePostgres(settings, file);
    return;
  }
  if ((await header(file, SQLITE_MAGIC.length)) !== SQLITE_MAGIC) throw new BackupError(`${file} is not an SQLite backup made by berth migrate backup`);
  await refuseWhileServing(settings);
  // A fresh data volume has no database directory yet.
  await mkdir(path.dirname(settings.path), { recursive: true });
  // Copy beside the target, check the copy, then rename over it: a failed copy or a damaged
  // backup leaves the old database whole.
  const staging = `${settings.path}.restoring`;
  try {
    await copyFile(file, staging);
    checkSqliteBackup(staging, file);
  } catch (err) {
    await removeSqlite(staging);
    throw err;
  }
  await removeSqlite(staging, ['-wal', '-shm']);
  for (const suffix of ['-wal', '-shm']) await rm(`${settings.path}${suffix}`, { force: true });
  await rename(staging, settings.path);
}

async function removeSqlite(file: string, suffixes = ['', '-wal', '-shm', '-journal']): Promise<void> {
  for (const suffix of suffixes) await rm(`${file}${suffix}`, { force: true });
}

/**
 * A truncated or damaged file still starts with SQLite's magic; only reading every page tells.
 * The migrations table tells a Berth database from any other SQLite file.
 */
function checkSqliteBackup(staging: string, file: string): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(staging, { fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) throw new BackupError(`${file} is damaged (${problems[0]}); nothing was restored`);
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!table) throw new BackupError(`${file} is not a Berth database (it has no migrations table); nothing was restored`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is damaged (${(err as Error).message}); nothing was restored`);
  } finally {
    db?.close();
  }
}
