/**
 * Opens the database: embedded SQLite (better-sqlite3) by default, PostgreSQL (pg) for
 * scale-out. Both sit behind one Kysely instance, so the rest of Berth never asks which.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { setImmediate as turnOfTheLoop } from 'node:timers/promises';
import { Kysely, PostgresDialect, SqliteDialect, type KyselyPlugin, type LogEvent, type PluginTransformResultArgs } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load.js';
import { translatingStorageErrors } from './db-errors.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgresql';
export type DatabaseSettings = Config['database'];

export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Answers when the database can run a query; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Connections of the PostgreSQL pool (for /metrics); SQLite has one connection and no pool. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
}

const SLOW_QUERY_MS = 500;

/**
 * The pg driver, loaded when PostgreSQL is first used: an embedded (SQLite) Berth never loads it
 * (3 MiB of heap for as long as the process runs).
 */
export async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}

// PostgreSQL sends 64-bit integers (sizes, counts) as text; Berth's fit in a JS number.
const typesOf = (driver: typeof pg) => ({
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : driver.types.getTypeParser(oid, format),
});

/** How long a connection beyond max_idle_conns stays idle when conn_max_idle_time sets no limit (pg's own default). */
const IDLE_BEYOND_KEPT_MS = 10_000;

export function postgresPoolConfig(driver: typeof pg, settings: DatabaseSettings): pg.PoolConfig {
  const ssl =
    settings.sslmode === 'disable'
      ? false
      : { rejectUnauthorized: settings.sslmode === 'verify-ca' || settings.sslmode === 'verify-full' };
  const where = settings.url
    ? { connectionString: settings.url }
    : {
        host: settings.host,
        port: settings.port,
        user: settings.username,
        password: settings.password,
        database: settings.db_name,
      };
  // The name shows in pg_stat_activity, so a database administrator can tell Berth's connections.
  return {
    ...where,
    ssl,
    max: settings.max_open_conns,
    // pg closes an idle connection after 10 s unless told otherwise; below `min` it never does.
    min: Math.min(settings.max_idle_conns ?? settings.max_open_conns, settings.max_open_conns),
    idleTimeoutMillis: settings.conn_max_idle_time || IDLE_BEYOND_KEPT_MS,
    maxLifetimeSeconds: Math.ceil((settings.conn_max_lifetime ?? 0) / 1000),
    types: typesOf(driver),
    connectionTimeoutMillis: 10_000,
    application_name: 'berth',
    // JIT compiles a query whose estimated cost passes jit_above_cost, and estimates of Berth's
    // correlated lookups (LISTED in artifact-list.repository.ts) pass it while the query reads a
    // few thousand index entries: a search then spent 7 ms compiling (over 100 ms on a
    // connection's first, loading LLVM) to run 7 ms. Berth's queries are all short.
    options: '-c jit=off',
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 under Kysely, with prepared statements reused by their SQL text: Kysely
 * prepares every query afresh, and preparing cost as much as running on the registry's hot
 * paths. Safe because better-sqlite3 runs a statement to completion synchronously (Berth does
 * not stream query results, the one case where a statement stays busy).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * One turn of the event loop after each SQLite statement. better-sqlite3 runs statements on the
 * event loop, and a request's statements follow one another in promise callbacks, so 4 list
 * requests ready at once ran back to back (40-100 ms) before a registry request or a timer got a
 * turn. A turn after each statement bounds that wait to one statement.
 */
const takingTurns: KyselyPlugin = {
  transformQuery: (args) => args.node,
  async transformResult(args: PluginTransformResultArgs) {
    await turnOfTheLoop();
    return args.result;
  },
};

function queryLogger(logger: Logger | undefined) {
  if (!logger) return undefined;
  return (event: LogEvent) => {
    if (event.level === 'error') {
      logger.error({ err: event.error, sql: event.query.sql, ms: event.queryDurationMillis }, 'query failed');
    } else if (event.queryDurationMillis > SLOW_QUERY_MS) {
      logger.warn({ sql: event.query.sql, ms: event.queryDurationMillis }, 'slow query');
    }
  };
}

export function openDatabase(settings: DatabaseSettings, logger?: Logger): DbHandle {
  if (settings.type === 'postgresql') {
    let made: pg.Pool | undefined;
    const pool = loadPg().then((driver) => {
      made = new driver.Pool(postgresPoolConfig(driver, settings));
      // An idle client that loses its connection must not crash the process.
      made.on('error', (err) => logger?.warn({ err }, 'idle database connection lost'));
      return made;
    });
    const db = new Kysely<Database>({ dialect: translatingStorageErrors(new PostgresDialect({ pool: () => pool })), log: queryLogger(logger) });
    return {
      db,
      dialect: 'postgresql',
      ping: async () => void (await (await pool).query('select 1')),
      close: () => db.destroy(),
      poolStats: () =>
        made
          ? { total: made.totalCount, idle: made.idleCount, waiting: made.waitingCount, max: made.options.max ?? 10 }
          : { total: 0, idle: 0, waiting: 0, max: settings.max_open_conns ?? 10 },
    };
  }
  mkdirSync(path.dirname(settings.path), { recursive: true });
  const sqlite = new SQLite(settings.path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({
    dialect: translatingStorageErrors(new SqliteDialect({ database: withStatementCache(sqlite) })),
    plugins: [takingTurns],
    log: queryLogger(logger),
  });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => void sqlite.prepare('select 1').get(),
    close: () => db.destroy(),
  };
}
