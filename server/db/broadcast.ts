/**
 * Messages from one Berth process to every other process on the same database, through
 * PostgreSQL's LISTEN/NOTIFY: a process that changes something others may hold a copy of (a
 * cached tag, manifest or blob lookup) tells them, and they drop the copy within milliseconds.
 * On SQLite there is only ever one process, so publishing does nothing.
 *
 * A listener that loses its connection may have missed messages: it reports a gap (the caller
 * drops everything it holds) and listens again once it reconnects.
 *
 * A message arrives a little after its publisher moves on, so a request that reaches another
 * process at once could still find the old copy. caughtUp() closes that gap: it sends a trivial
 * query on the listening connection, and PostgreSQL delivers every notification committed before
 * that query ahead of its answer (postgres.c, before ReadyForQuery). Requests waiting together
 * share one such query.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { sql, type Kysely } from 'kysely';
import { loadPg, postgresPoolConfig, type DatabaseSettings } from './connect.js';
import type { Database } from './schema.js';

export interface Broadcast {
  /** Sends `message` to every other process; resolves once PostgreSQL has taken it. */
  publish(message: string): Promise<void>;
  /** Marks now, for caughtUp(): what was published before the mark is what it waits for. */
  mark(): number;
  /**
   * Resolves true once every message another process published before `mark` has reached
   * onMessage; false when that cannot be vouched for (not listening, or the listener did not
   * answer within BARRIER_TIMEOUT_MS), when the caller must not trust what it holds.
   */
  caughtUp(mark: number): Promise<boolean>;
  /** Resolves once the first LISTEN is in place (until then nothing held is trusted). */
  readonly listening: Promise<void>;
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

/** How pg_stat_activity names a process's listening connections: which Berth process holds it. */
export const listenerName = (pid: number) => `berth-listen pid ${pid}`;

const RECONNECT_MS = 1000;
/** A listening connection that does not answer within this is taken as lost and replaced. */
export const BARRIER_TIMEOUT_MS = 1000;

/** For one database process only (SQLite): nothing to wait for, nothing to tell. */
export const NO_BROADCAST: Broadcast = {
  publish: async () => {},
  mark: () => 0,
  caughtUp: async () => true,
  listening: Promise.resolve(),
  close: async () => {},
};

export function openBroadcast(settings: DatabaseSettings, db: Kysely<Database>, options: BroadcastOptions): Broadcast {
  if (settings.type !== 'postgresql') return NO_BROADCAST;
  const { channel, sender, onMessage, onGap, logger } = options;
  let closed = false;
  let client: pg.Client | undefined;
  /** The client once its LISTEN is in place: only then can it vouch for anything. */
  let listening: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  // Barriers are numbered as they are sent; on one connection they complete in that order.
  let sent = 0;
  let completed = 0;
  let inFlight: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  let firstListen: () => void = () => {};
  const listeningOnce = new Promise<void>((resolve) => (firstListen = resolve));

  const lose = (lostClient: pg.Client, err?: Error) => {
    if (client !== lostClient) return;
    client = listening = undefined;
    lostClient.removeAllListeners();
    void lostClient.end().catch(() => undefined);
    if (closed) return;
    if (err) logger.warn({ err }, 'cache invalidation listener lost its connection; reconnecting');
    onGap();
    retry = setTimeout(() => void connect(), RECONNECT_MS);
    retry.unref();
  };

  const connect = async () => {
    const driver = await loadPg();
    const { max: _max, ...config } = postgresPoolConfig(driver, settings);
    const next = new driver.Client({ ...config, application_name: listenerName(process.pid) });
    client = next;
    next.on('error', (err) => lose(next, err));
    next.on('end', () => lose(next, new Error('connection ended')));
    next.on('notification', (note) => {
      const payload = note.payload ?? '';
      const space = payload.indexOf(' ');
      if (space > 0 && payload.slice(0, space) !== sender) onMessage(payload.slice(space + 1));
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (client !== next) return;
      listening = next;
      // What was read while nobody listened may have missed its message.
      onGap();
      firstListen();
    } catch (err) {
      lose(next, err as Error);
    }
  };
  void connect();

  const sendBarrier = (): Promise<boolean> => {
    const on = listening;
    if (!on) return Promise.resolve(false);
    const number = sent++;
    let timer: NodeJS.Timeout | undefined;
    const answered = on.query('select 1').then(
      () => true,
      () => false,
    );
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS);
      timer.unref();
    });
    const barrier = Promise.race([answered, late]).then((ok) => {
      clearTimeout(timer);
      if (inFlight === barrier) inFlight = undefined;
      if (ok) completed = Math.max(completed, number + 1);
      else lose(on, new Error(`the listening connection did not answer within ${BARRIER_TIMEOUT_MS} ms`));
      return ok;
    });
    inFlight = barrier;
    return barrier;
  };

  return {
    async publish(message) {
      await sql`select pg_notify(${channel}, ${`${sender} ${message}`})`.execute(db);
    },
    mark: () => sent,
    listening: listeningOnce,
    caughtUp(mark) {
      if (!listening) return Promise.resolve(false);
      if (completed > mark) return Promise.resolve(true);
      // The barrier in flight was sent after the mark: its answer is enough.
      if (inFlight && sent > mark) return inFlight;
      if (!inFlight) return sendBarrier();
      // One in flight went out before the mark: everyone waiting now shares the next one.
      queued ??= inFlight.then(() => {
        queued = undefined;
        return sendBarrier();
      });
      return queued;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = listening = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
