/**
 * Holds back PostgreSQL's notifications to one Berth process, as a loaded database server or
 * machine does: the backends serving that process's listening connections (db/broadcast.ts) are
 * stopped with SIGSTOP and continued afterwards. Only possible where the tests may signal the
 * server's processes (PostgreSQL on this machine, run by this user or signalled by root).
 */
import { sql, type Kysely } from 'kysely';
import { listenerName } from '../db/broadcast.js';
import type { Database } from '../db/schema.js';

async function listenerBackends(db: Kysely<Database>, pid: number): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and application_name = ${listenerName(pid)}`.execute(db);
  return rows.map((row) => row.pid);
}

/** Whether this test process may stop the database's backends (probed on its own connection). */
export async function mayPauseBackends(db: Kysely<Database>, url: string | undefined): Promise<boolean> {
  if (url && !/@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) return false;
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  try {
    process.kill(rows[0]!.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `during` while process `pid`'s listening backends are stopped; continues them when it settles. */
export async function withListenersPaused<T>(db: Kysely<Database>, pid: number, during: () => Promise<T>): Promise<T> {
  const backends = await listenerBackends(db, pid);
  if (backends.length === 0) throw new Error(`process ${pid} has no listening connection to pause`);
  for (const backend of backends) process.kill(backend, 'SIGSTOP');
  try {
    return await during();
  } finally {
    for (const backend of backends) process.kill(backend, 'SIGCONT');
  }
}
