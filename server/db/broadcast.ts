/**
 * Messages from one Berth process to every other process on the same database, through
 * PostgreSQL's LISTEN/NOTIFY: a process that changes something others may hold a copy of (a
 * cached tag, manifest or blob lookup) tells them, and they drop the copy within milliseconds.
 * On SQLite there is only ever one process, so publishing does nothing.
 *
 * A listener that loses its connection may have missed messages: it reports a gap (the caller
 * drops everything it holds) and listens again once it reconnects.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { sql, type Kysely } from 'kysely';
import { loadPg, postgresPoolConfig, type DatabaseSettings } from './connect.js';
import type { Database } from './schema.js';

export interface Broadcast {
  /** Sends `message` to every other process; resolves once PostgreSQL has taken it. */
  publish(message: string): Promise<void>;
  close(): Promise<void>;
}

export interface BroadcastOptions {
  channel: string;
  /** Tells this process's own messages apart (they come back to it too). */
  sender: string;
  onMessage(message: string): void;
  /** Messages may have been missed (the listening connection dropped). */
  onGap(): void;
  logger: Logger;
}

const RECONNECT_MS = 1000;

export function openBroadcast(settings: DatabaseSettings, db: Kysely<Database>, options: BroadcastOptions): Broadcast {
  if (settings.type !== 'postgresql') return { publish: async () => {}, close: async () => {} };
  const { channel, sender, onMessage, onGap, logger } = options;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const driver = await loadPg();
    const { max: _max, ...config } = postgresPoolConfig(driver, settings);
    const next = new driver.Client({ ...config, application_name: 'berth-listen' });
    const lost = (err?: Error) => {
      if (client !== next) return;
      client = undefined;
      next.removeAllListeners();
      void next.end().catch(() => undefined);
      if (closed) return;
      if (err) logger.warn({ err }, 'cache invalidation listener lost its connection; reconnecting');
      onGap();
      retry = setTimeout(() => void connect(), RECONNECT_MS);
      retry.unref();
    };
    client = next;
    next.on('error', lost);
    next.on('end', () => lost(new Error('connection ended')));
    next.on('notification', (note) => {
      const payload = note.payload ?? '';
      const space = payload.indexOf(' ');
      if (space > 0 && payload.slice(0, space) !== sender) onMessage(payload.slice(space + 1));
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (err) {
      lost(err as Error);
    }
  };
  void connect();

  return {
    async publish(message) {
      await sql`select pg_notify(${channel}, ${`${sender} ${message}`})`.execute(db);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
