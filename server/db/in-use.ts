/**
 * Whether a Berth server is using the database, so `migrate restore` can refuse to replace it
 * underneath one: the server would go on writing to the file it has open, or to tables
 * pg_restore drops, and the restore (or the server's writes) would be silently lost.
 *
 * SQLite lives on one host: `serve` writes `<database>.serving` with its pid and removes it when
 * it stops. A file whose process is gone (a crash, a kill -9) is stale and ignored, so a crash
 * never locks an operator out.
 *
 * PostgreSQL is shared by processes on many hosts, where no file or pid can tell. Each `serve`
 * keeps one connection open under the application_name `berth serve` (the pool's connections
 * close when idle, so they cannot be relied on), reconnecting if the database restarts;
 * restore looks for that name in pg_stat_activity. The connection dies with its process, so
 * nothing goes stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { loadPg, postgresPoolConfig, type DatabaseSettings } from './connect.js';

export const SERVING_APPLICATION_NAME = 'berth serve';
const RECONNECT_MS = 5_000;

export const servingMarker = (settings: DatabaseSettings) => `${settings.path}.serving`;

export interface ServingMark {
  release(): Promise<void>;
}

function clientConfig(driver: typeof pg, settings: DatabaseSettings, applicationName: string): pg.ClientConfig {
  const { max: _max, ...config } = postgresPoolConfig(driver, settings);
  return { ...config, application_name: applicationName };
}

/** Called by `serve` once the database is open; release() when it stops. */
export async function markServing(settings: DatabaseSettings, logger?: Logger): Promise<ServingMark> {
  if (settings.type === 'sqlite') {
    const marker = servingMarker(settings);
    await mkdir(path.dirname(marker), { recursive: true });
    writeFileSync(marker, `${process.pid}\n`);
    return {
      release: async () => {
        // Another server may have started on the same file since; leave its mark alone.
        if (readPid(marker) === process.pid) await rm(marker, { force: true });
      },
    };
  }
  const driver = await loadPg();
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let released = false;
  const connect = () => {
    retry = undefined;
    if (released) return;
    const current = new driver.Client(clientConfig(driver, settings, SERVING_APPLICATION_NAME));
    client = current;
    const again = () => {
      if (client !== current || released || retry) return;
      retry = setTimeout(connect, RECONNECT_MS);
    };
    current.on('error', (err) => logger?.warn({ err }, 'the connection that marks this server as running was lost'));
    current.on('end', again);
    current.connect().catch(again);
  };
  connect();
  return {
    release: async () => {
      released = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

function readPid(marker: string): number | undefined {
  try {
    const pid = Number(readFileSync(marker, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A sentence naming who serves the database, or null when nobody does. */
export async function whoIsServing(settings: DatabaseSettings): Promise<string | null> {
  if (settings.type === 'sqlite') {
    const pid = readPid(servingMarker(settings));
    return pid !== undefined && pid !== process.pid && alive(pid) ? `a Berth server (pid ${pid}) is using ${settings.path}` : null;
  }
  const driver = await loadPg();
  const client = new driver.Client(clientConfig(driver, settings, 'berth migrate'));
  try {
    await client.connect();
    const { rows } = await client.query<{ addr: string }>(
      `select coalesce(host(client_addr), 'local socket') as addr from pg_stat_activity
        where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()`,
      [SERVING_APPLICATION_NAME],
    );
    if (!rows.length) return null;
    const from = [...new Set(rows.map((r) => r.addr))].join(', ');
    return `${rows.length === 1 ? 'a Berth server is' : `${rows.length} Berth servers are`} using the database (from ${from})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
