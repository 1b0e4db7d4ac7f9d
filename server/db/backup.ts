/**
 * `berth migrate backup | restore`: the seed's database migration tool kept its backup and
 * restore around upgrades; these do the same for Berth's database. SQLite uses SQLite's online
 * backup (consistent while Berth runs); PostgreSQL uses pg_dump / pg_restore in custom format.
 * Restore replaces the whole database: stop every Berth process first.
 */
import { spawn } from 'node:child_process';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import type { DatabaseSettings } from './connect.js';

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

/** The connection string pg tools take, built from harbor.yml's database section. */
export function postgresUrl(settings: DatabaseSettings): string {
  if (settings.url) return settings.url;
  const url = new URL('postgres://localhost');
  url.hostname = settings.host ?? 'localhost';
  url.port = String(settings.port);
  url.username = settings.username;
  if (settings.password) url.password = settings.password;
  url.pathname = `/${settings.db_name}`;
  url.searchParams.set('sslmode', settings.sslmode);
  return url.toString();
}

function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new BackupError(err.code === 'ENOENT' ? `${command} is not installed; install the postgresql-client package` : err.message)),
    );
    child.once('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed: ${stderr.trim() || `status ${code}`}`))));
  });
}

export async function backupDatabase(settings: DatabaseSettings, file: string): Promise<number> {
  if (settings.type === 'postgresql') {
    await runTool('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${postgresUrl(settings)}`]);
  } else {
    await stat(settings.path).catch(() => {
      throw new BackupError(`there is no database at ${settings.path} yet`);
    });
    const db = new SQLite(settings.path, { readonly: true, fileMustExist: true });
    try {
      await db.backup(file);
    } finally {
      db.close();
    }
  }
  return (await stat(file)).size;
}

export async function restoreDatabase(settings: DatabaseSettings, file: string): Promise<void> {
  if (settings.type === 'postgresql') {
    if ((await header(file, PG_MAGIC.length)) !== PG_MAGIC) throw new BackupError(`${file} is not a PostgreSQL backup made by berth migrate backup`);
    await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${postgresUrl(settings)}`, file]);
    return;
  }
  if ((await header(file, SQLITE_MAGIC.length)) !== SQLITE_MAGIC) throw new BackupError(`${file} is not an SQLite backup made by berth migrate backup`);
  // Copy beside the target, then rename over it, so a failed copy leaves the old database whole.
  const staging = `${settings.path}.restoring`;
  await copyFile(file, staging);
  for (const suffix of ['-wal', '-shm']) await rm(`${settings.path}${suffix}`, { force: true });
  await rename(staging, settings.path);
}
