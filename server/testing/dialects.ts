/**
 * The database dialects data-access tests run on: SQLite, and PostgreSQL. PostgreSQL is the
 * server at BERTH_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) when it
 * answers, else a throwaway cluster the tests make with Debian's initdb and pg_ctl
 * (postgres-cluster.ts). Only where neither is possible do the tests run the SQLite half alone,
 * with a warning, and under CI=true that is a failure. Each test database is created with a
 * unique name and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { configSchema } from '../config/schema.js';
import type { Config } from '../config/load.js';
import { openDatabase, type Dialect, type DbHandle } from '../db/connect.js';
import { CLUSTER_DIR_VARIABLE, ownCluster, postgresProgramsInstalled, sharedCluster } from './postgres-cluster.js';

const CONFIGURED_PG_URL = process.env.BERTH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL does not answer at `url`, or undefined when it does. */
async function whyNotAnswering(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findPostgres(): Promise<string | undefined> {
  const why = await whyNotAnswering(CONFIGURED_PG_URL);
  if (why === undefined) return CONFIGURED_PG_URL;
  if (postgresProgramsInstalled()) {
    const dir = process.env[CLUSTER_DIR_VARIABLE];
    const url = dir ? await sharedCluster(dir) : await ownCluster();
    console.warn(`PostgreSQL does not answer at ${CONFIGURED_PG_URL} (${why}); the tests use a throwaway one at ${url}.`);
    return url;
  }
  const message = `PostgreSQL does not answer at ${CONFIGURED_PG_URL} (${why}) and initdb is not installed (apt install postgresql)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
  console.warn(`${message}; running the SQLite half only.`);
  return undefined;
}

/** The PostgreSQL test databases are made on (admin URL), if any. */
export const PG_ADMIN_URL = await findPostgres();

export const DIALECTS: Dialect[] = PG_ADMIN_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

function pgAdminUrl(): string {
  if (!PG_ADMIN_URL) throw new Error('no PostgreSQL for tests (see server/testing/dialects.ts)');
  return PG_ADMIN_URL;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  settings: Config['database'];
  /** A PostgreSQL URL for server processes (undefined for SQLite). */
  url: string | undefined;
  open(): DbHandle;
  drop(): Promise<void>;
}

const baseSettings = configSchema.shape.database.parse({});

/** A fresh, empty database of the given dialect. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'postgresql') {
    const name = `berth_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(pgAdminUrl());
    url.pathname = `/${name}`;
    const settings = { ...baseSettings, type: 'postgresql' as const, url: url.toString(), path: '' };
    return {
      settings,
      url: url.toString(),
      open: () => openDatabase(settings),
      drop: () => adminQuery(`drop database if exists ${name} with (force)`),
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-db-'));
  const settings = { ...baseSettings, type: 'sqlite' as const, path: path.join(dir, 'berth.db') };
  return {
    settings,
    url: undefined,
    open: () => openDatabase(settings),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}
