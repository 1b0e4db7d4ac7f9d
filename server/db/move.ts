/**
 * `berth migrate move --to postgres://...`: growing out of the embedded database. Every table of
 * the SQLite database is copied into an empty PostgreSQL database that the same migrations have
 * just made, parents before children (foreign keys), each table in one transaction; then each
 * table's row count and a checksum of its rows are compared on both sides,
 * and serial ids continue after the highest copied one. Blobs and keys stay where they are: only
 * the `database` block of harbor.yml changes.
 *
 * Refused when PostgreSQL already holds Berth's tables with rows, or while a Berth server uses
 * the SQLite file (it would go on writing to the file after the copy).
 */
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseSettings } from './connect.js';
import { openDatabase, postgresPoolConfig } from './connect.js';
import { whoIsServing } from './in-use.js';
import { migrateUp } from './migrate.js';
import { RECOUNT_AUDIT_ROWS } from './migrations/2026_12_03_0027_audit_log_counts.js';

export class MoveError extends Error {}

/** Kysely's own bookkeeping: the target's migrations write it, so it is not copied. */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock']);
const BATCH_ROWS = 500;

export interface MovedTable {
  table: string;
  rows: number;
  checksum: string;
}

interface TableShape {
  name: string;
  columns: string[];
  key: string[];
  parents: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tablesOf(sqlite: SQLite.Database): TableShape[] {
  const names = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !SKIPPED.has(n));
  return names.map((name) => {
    const info = sqlite.prepare(`pragma table_info(${quote(name)})`).all() as { name: string; pk: number }[];
    const keyed = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const parents = (sqlite.prepare(`pragma foreign_key_list(${quote(name)})`).all() as { table: string }[]).map((f) => f.table);
    return {
      name,
      columns: info.map((c) => c.name),
      // Without a declared key, every column orders the rows (the same order on both sides).
      key: (keyed.length ? keyed : info).map((c) => c.name),
      parents: parents.filter((p) => p !== name),
    };
  });
}

/** Parents first, so every foreign key finds its row. */
function inDependencyOrder(tables: TableShape[]): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableShape[] = [];
  const visit = (t: TableShape, path: Set<string>) => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** The same text for the same value from either driver (numbers, text, bytes, null). */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Over the rows' lines sorted bytewise: the two databases may order text keys differently (collations). */
function checksumOf(rows: Record<string, unknown>[], columns: string[]): string {
  const lines = rows.map((row) => columns.map((c) => canonical(row[c])).join('\t')).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}

async function refuseNonEmpty(client: pg.Client, tables: TableShape[]): Promise<void> {
  for (const t of tables) {
    const exists = await client.query<{ found: string | null }>('select to_regclass($1) as found', [`public.${t.name}`]);
    if (!exists.rows[0]?.found) continue;
    const count = await client.query<{ n: string }>(`select count(*) as n from ${quote(t.name)}`);
    if (Number(count.rows[0]!.n) > 0) {
      throw new MoveError(`the PostgreSQL database is not empty (table ${t.name} has rows); move into a new, empty database`);
    }
  }
}

export async function moveToPostgres(from: DatabaseSettings, to: DatabaseSettings, progress: (line: string) => void): Promise<MovedTable[]> {
  if (from.type !== 'sqlite') throw new MoveError('database.type is not sqlite: only the embedded database can be moved');
  const serving = await whoIsServing(from);
  if (serving) throw new MoveError(`${serving}; stop it first, then move`);
  const sqlite = new SQLite(from.path, { readonly: true, fileMustExist: true });
  const client = new pg.Client(postgresPoolConfig(pg, to));
  try {
    await client.connect().catch((err: Error) => {
      throw new MoveError(`cannot connect to the PostgreSQL database: ${err.message}`);
    });
    const tables = inDependencyOrder(tablesOf(sqlite));
    await refuseNonEmpty(client, tables);
    // The target gets its schema from the same migrations serve runs.
    const target = openDatabase(to);
    try {
      await migrateUp(target.db);
    } finally {
      await target.close();
    }
    const moved: MovedTable[] = [];
    for (const t of tables) moved.push(await copyTable(sqlite, client, t, progress));
    // Figures SQLite does not keep, filled by triggers that were off during the copy.
    for (const statement of RECOUNT_AUDIT_ROWS) await client.query(statement);
    return moved;
  } finally {
    sqlite.close();
    await client.end().catch(() => undefined);
  }
}

async function copyTable(sqlite: SQLite.Database, client: pg.Client, t: TableShape, progress: (line: string) => void): Promise<MovedTable> {
  const order = t.key.map(quote).join(', ');
  const rows = sqlite.prepare(`select * from ${quote(t.name)} order by ${order}`).all() as Record<string, unknown>[];
  const columns = t.columns.map(quote).join(', ');
  await client.query('begin');
  try {
    // The copy is the source's rows exactly: rows the target's migrations seeded (the source has
    // them too) give way, and the table's own triggers, which keep derived figures such as the
    // storage counters, stay off while it fills, since those figures are copied as they are.
    await client.query(`alter table ${quote(t.name)} disable trigger user`);
    await client.query(`delete from ${quote(t.name)}`);
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      const batch = rows.slice(i, i + BATCH_ROWS);
      const values: unknown[] = [];
      const tuples = batch.map((row) => `(${t.columns.map((c) => `$${values.push(row[c])}`).join(', ')})`);
      await client.query(`insert into ${quote(t.name)} (${columns}) values ${tuples.join(', ')}`, values);
    }
    for (const column of t.columns) {
      const sequence = await client.query<{ seq: string | null }>('select pg_get_serial_sequence($1, $2) as seq', [t.name, column]);
      const seq = sequence.rows[0]?.seq;
      if (seq) await client.query(`select setval($1, coalesce((select max(${quote(column)}) from ${quote(t.name)}), 0) + 1, false)`, [seq]);
    }
    await client.query(`alter table ${quote(t.name)} enable trigger user`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw new MoveError(`copying table ${t.name} failed: ${(err as Error).message}`);
  }
  const copied = await client.query<Record<string, unknown>>(`select ${columns} from ${quote(t.name)} order by ${order}`);
  const expected = checksumOf(rows, t.columns);
  const actual = checksumOf(copied.rows, t.columns);
  if (copied.rows.length !== rows.length || actual !== expected) {
    throw new MoveError(`table ${t.name} differs after the copy (${rows.length} rows in SQLite, ${copied.rows.length} in PostgreSQL); the PostgreSQL database is left as it is for inspection`);
  }
  progress(`${t.name}: ${rows.length} rows, checksum ${expected.slice(0, 12)}`);
  return { table: t.name, rows: rows.length, checksum: expected };
}
