/**
 * Records pulls without a write per pull. Audit rows use a group commit: each pull enqueues its
 * row and waits for the shared insert that carries it, so a pull that succeeded always has its
 * row, and N concurrent pulls cost one statement. Pull counts and times are summed in memory
 * and written once a second (and at shutdown); several processes add up rather than overwrite.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { isAppError } from '../../lib/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditEntry } from '../audit/audit.repository.js';
import { addRepositoryPulls } from '../repositories/repository.repository.js';
import { addArtifactPulls } from './artifact.repository.js';
import { addTagPulls } from './tag.repository.js';

export interface PullRecord {
  repositoryId: number;
  artifactId: number;
  tagId: number | undefined;
  at: string;
  audit: AuditEntry;
}

/** Rows per insert: 9 columns each stays far below SQLite's bound-parameter limit. */
const MAX_BATCH = 500;
const COUNTS_EVERY_MS = 1000;

type Tally = Map<number, { count: number; at: string }>;

function tally(into: Tally, id: number, at: string): void {
  const entry = into.get(id);
  if (!entry) into.set(id, { count: 1, at });
  else {
    entry.count += 1;
    if (at > entry.at) entry.at = at;
  }
}

export class PullRecorder {
  private queue: { entry: AuditEntry; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private draining: Promise<void> | null = null;
  private counts = { repositories: new Map() as Tally, artifacts: new Map() as Tally, tags: new Map() as Tally };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.flushCounts(), COUNTS_EVERY_MS);
    this.timer.unref();
  }

  /** Resolves once the pull's audit row is committed; rejects when that write failed. */
  record(pull: PullRecord): Promise<void> {
    tally(this.counts.repositories, pull.repositoryId, pull.at);
    tally(this.counts.artifacts, pull.artifactId, pull.at);
    if (pull.tagId !== undefined) tally(this.counts.tags, pull.tagId, pull.at);
    const committed = new Promise<void>((resolve, reject) => this.queue.push({ entry: pull.audit, resolve, reject }));
    this.draining ??= this.drain();
    return committed;
  }

  /** Writes what is pending and stops the timer (shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.draining;
    await this.flushCounts();
  }

  private async drain(): Promise<void> {
    // Let the pulls that arrive in this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        // One multi-row insert: one statement, one commit for the whole batch.
        await this.audit.write(this.db, ...batch.map((b) => b.entry));
        for (const b of batch) b.resolve();
      } catch (err) {
        // A full disk is the server's state, not a bug: one line each, without a stack.
        if (isAppError(err) && err.kind === 'UNAVAILABLE') this.logger.warn({ rows: batch.length, reason: err.message }, 'could not write pull audit rows');
        else this.logger.error({ err, rows: batch.length }, 'could not write pull audit rows');
        for (const b of batch) b.reject(err);
      }
    }
    this.draining = null;
  }

  private async flushCounts(): Promise<void> {
    const { repositories, artifacts, tags } = this.counts;
    if (repositories.size === 0) return;
    this.counts = { repositories: new Map(), artifacts: new Map(), tags: new Map() };
    try {
      await inTransaction(this.db, async (trx) => {
        for (const [id, t] of repositories) await addRepositoryPulls(trx, id, t.count);
        for (const [id, t] of artifacts) await addArtifactPulls(trx, id, t.count, t.at);
        for (const [id, t] of tags) await addTagPulls(trx, id, t.count, t.at);
      });
    } catch (err) {
      // Counts are statistics, not records: losing a second's worth beats blocking pulls.
      this.logger.warn({ err }, 'could not record pull counts');
    }
  }
}
