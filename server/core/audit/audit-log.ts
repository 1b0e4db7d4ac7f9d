/**
 * The app's audit log: every audit row goes through the AuditLog that the composition root
 * (server/app.ts) makes and puts on the context, so two apps in one process (tests, a CLI
 * command beside a server) each forward their own rows to their own endpoint.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import { insertAuditRows, type AuditEntry } from './audit.repository.js';

/** Where this app's audit rows also go (audit-forward.ts attaches one when the app starts). */
export interface AuditSink {
  forward(entries: AuditEntry[]): void;
  /** skip_audit_log_database with an endpoint set: rows go to the endpoint only. */
  skipDatabase(): boolean;
  /** Stops sending (timers, connection); AuditLog.close calls it at shutdown. */
  stop(): void;
}

export class AuditLog {
  private sink: AuditSink | undefined;

  /** One sink per app: a second one replaces the first, which is stopped. */
  attach(sink: AuditSink): void {
    if (this.sink && this.sink !== sink) this.sink.stop();
    this.sink = sink;
  }

  detach(sink: AuditSink): void {
    if (this.sink === sink) this.sink = undefined;
  }

  /**
   * Records the entries in the caller's transaction (so a row commits with the operation it
   * records), and hands them to the attached sink, which may keep them out of the database.
   */
  async write(db: Kysely<Database>, ...entries: AuditEntry[]): Promise<void> {
    const sink = this.sink;
    if (sink) {
      // The row and its message carry the same time.
      const at = isoNow();
      entries = entries.map((e) => ({ ...e, at: e.at ?? at }));
      sink.forward(entries);
      if (sink.skipDatabase()) return;
    }
    await insertAuditRows(db, entries);
  }

  /** At shutdown, after the last row to forward was written: stops the attached sink. */
  close(): void {
    this.sink?.stop();
    this.sink = undefined;
  }
}
