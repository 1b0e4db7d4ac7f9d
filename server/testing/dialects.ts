/**
 * The database dialects data-access tests run on. SQLite always; PostgreSQL when a server
 * answers at BERTH_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). Under
 * CI=true a missing PostgreSQL is a failure, never a skip. Each test database is created with
 * a unique name and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { configSchema } from '../config/schema.js';
import type { Config } from '../config/load.js';
import { openDatabase, type Dialect, type DbHandle } from '../db/connect.js';

export const PG_ADMIN_URL = process.env.BERTH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and PostgreSQL does not answer at ${PG_ADMIN_URL}: ${(err as Error).message}`);
    }
    console.warn(`PostgreSQL does not answer at ${PG_ADMIN_URL}; running the SQLite half only.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const DIALECTS: Dialect[] = (await postgresAnswers()) ? ['sqlite', 'postgresql'] : ['sqlite'];

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
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
    const url = new URL(PG_ADMIN_URL);
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
