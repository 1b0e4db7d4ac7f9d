/**
 * A throwaway PostgreSQL for tests where none answers at BERTH_TEST_PG_URL: Debian's initdb and
 * pg_ctl make a cluster in a temporary directory, on a free loopback port, with trust
 * authentication for the user postgres. initdb refuses to run as root, so under root both run as
 * the postgres user (runuser), as Debian's own scripts do, in a directory that user owns.
 *
 * One cluster serves a whole Vitest run: the run's global setup (postgres-setup.ts) names an
 * empty directory; the first test process that needs PostgreSQL makes the cluster there while
 * the others wait for its address, and the global teardown stops it. Outside Vitest (the
 * benchmarks) a process makes its own and stops it as it exits.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

const PG_BIN = process.env.BERTH_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Where the global setup's directory is handed to the test processes. */
export const CLUSTER_DIR_VARIABLE = 'BERTH_TEST_PG_CLUSTER_DIR';
const START_TIMEOUT_MS = 120_000;

export function postgresProgramsInstalled(): boolean {
  return existsSync(path.join(PG_BIN, 'initdb')) && existsSync(path.join(PG_BIN, 'pg_ctl'));
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root; throws with its output. */
function runPostgresProgram(program: string, args: string[]): void {
  const binary = path.join(PG_BIN, program);
  const [command, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: START_TIMEOUT_MS });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.error?.message ?? `status ${result.status}`}): ${result.stderr}${result.stdout}`);
  }
}

function giveToPostgresUser(dir: string): void {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root and there is no postgres user for initdb');
  chownSync(dir, uid, gid);
}

/** Makes and starts a cluster in `dir` (empty, ours); returns its admin URL. */
async function startCluster(dir: string): Promise<string> {
  if (asRoot()) giveToPostgresUser(dir);
  const data = path.join(dir, 'data');
  // No fsync and locale C: a test cluster is thrown away, and C sorts the same everywhere.
  runPostgresProgram('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  runPostgresProgram('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** Stops the cluster in `dir` if one was started there, and removes the directory. Synchronous, for exit handlers. */
export function stopCluster(dir: string): void {
  const data = path.join(dir, 'data');
  if (existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      runPostgresProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch (err) {
      console.warn(`Stopping the test PostgreSQL in ${dir}: ${(err as Error).message}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The run's shared cluster in `dir`: made by whichever process asks first (an atomic mkdir
 * decides), awaited by the others.
 */
export async function sharedCluster(dir: string): Promise<string> {
  const urlFile = path.join(dir, 'url');
  const failedFile = path.join(dir, 'failed');
  let first = true;
  try {
    mkdirSync(path.join(dir, 'lock'));
  } catch {
    first = false;
  }
  if (first) {
    try {
      const url = await startCluster(dir);
      writeFileSync(`${urlFile}.tmp`, url);
      renameSync(`${urlFile}.tmp`, urlFile);
      return url;
    } catch (err) {
      writeFileSync(failedFile, (err as Error).message);
      throw err;
    }
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (existsSync(urlFile)) return readFileSync(urlFile, 'utf8');
    if (existsSync(failedFile)) throw new Error(`the test PostgreSQL did not start: ${readFileSync(failedFile, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the test PostgreSQL in ${dir} did not start within ${START_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A cluster in a new temporary directory; `stop` stops it and removes the directory. */
export async function throwawayCluster(): Promise<{ url: string; dir: string; stop(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-pg-'));
  try {
    return { url: await startCluster(dir), dir, stop: () => stopCluster(dir) };
  } catch (err) {
    stopCluster(dir);
    throw err;
  }
}

/** A cluster of this process's own, stopped when it exits. */
export async function ownCluster(): Promise<string> {
  const cluster = await throwawayCluster();
  process.once('exit', () => cluster.stop());
  return cluster.url;
}
