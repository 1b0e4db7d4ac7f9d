/**
 * Storage quota enforcement: the rule.
 *
 * A project's usage is what its artifacts name (each blob once, plus each manifest), so a push
 * is charged when its manifest arrives, and that is where the limit is decided for good: the
 * manifest put locks the project's quota (lockStorageLimit), stores the artifact, measures the
 * usage again and rolls everything back when it went past the limit. Pushes to one project
 * settle one at a time, so concurrent pushes cannot together overshoot; the refused manifest's
 * bytes are never kept.
 *
 * Layers arrive before their manifest, so a blob upload is checked too, before the blob is
 * committed to the store: a blob that the project's artifacts do not already name, and that on
 * top of the current usage would pass the limit, is refused and its upload file deleted. That
 * check reserves nothing (blobs without a manifest are not usage), so it keeps an over-limit push
 * from filling the disk, while the manifest check keeps the figure exact.
 *
 * Deleting an artifact frees its bytes at once: usage is measured, not counted up and down.
 * Refusals are `DENIED` with Harbor's message (src/pkg/quota/errors.go) naming the project;
 * 'quota.exceeded' is emitted for each, and 'quota.warning' when a push takes usage from below
 * 85 % of the limit to 85 % or more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { EventBus } from '../events/bus.js';
import { findProjectById } from '../projects/project.repository.js';
import { storageUsedByProject } from '../projects/registry-usage.repository.js';
import { lockStorageLimit, projectNamesBlob } from './quota.repository.js';

type Db = Kysely<Database>;

/** The share of the limit at which a push raises 'quota.warning'. */
export const QUOTA_WARNING_RATIO = 0.85;

/** Harbor's byteCountToDisplaySize: "512 B", "1.2 MiB". */
export function formatBytes(value: number): string {
  if (value < 1024) return `${value} B`;
  let div = 1024;
  let exp = 0;
  for (let n = Math.floor(value / 1024); n >= 1024; n = Math.floor(n / 1024)) {
    div *= 1024;
    exp++;
  }
  return `${(value / div).toFixed(1)} ${'KMGTPE'[exp]}iB`;
}

/** A push refused by its project's quota; carries the figures for the 'quota.exceeded' event. */
export class QuotaExceededError extends AppError {
  constructor(
    readonly project: string,
    readonly current: number,
    readonly next: number,
    readonly limit: number,
  ) {
    super(
      'DENIED',
      `Quota exceeded in project ${project} when processing the request of adding ${formatBytes(next - current)} of storage resource, ` +
        `which when updated to current usage of ${formatBytes(current)} will exceed the configured upper limit of ${formatBytes(limit)}.`,
      { detail: { project, usage: current, adding: next - current, limit } },
    );
  }
}

/** What a push is, for the events. */
export interface QuotaSubject {
  operator: string;
  projectId: number;
  project: string;
  repository: string;
  digest?: string | undefined;
}

const over = (next: number, current: number, limit: number) => limit !== -1 && next > limit && next > current;

export const crossesWarning = (before: number, after: number, limit: number) =>
  limit > 0 && before < limit * QUOTA_WARNING_RATIO && after >= limit * QUOTA_WARNING_RATIO;

export function announceExceeded(events: EventBus, subject: QuotaSubject, err: QuotaExceededError): void {
  events.emit({ type: 'quota.exceeded', ...withDigest(subject), usage: err.next, limit: err.limit, at: isoNow() });
}

export function announceWarning(events: EventBus, subject: QuotaSubject, usage: number, limit: number): void {
  events.emit({ type: 'quota.warning', ...withDigest(subject), usage, limit, at: isoNow() });
}

const withDigest = ({ digest, ...rest }: QuotaSubject) => ({ ...rest, ...(digest !== undefined ? { digest } : {}) });

/**
 * Before a blob is committed: refused when the project's artifacts do not name it yet and it
 * would take usage past the limit. No lock: the manifest put decides for good.
 */
export async function checkBlobFits(deps: { db: Db; events: EventBus }, subject: Omit<QuotaSubject, 'project'>, size: number): Promise<void> {
  const project = await findProjectById(deps.db, subject.projectId);
  if (!project || project.storageLimit === -1) return;
  if (subject.digest && (await projectNamesBlob(deps.db, project.id, subject.digest))) return;
  const current = await storageUsedByProject(deps.db, project.id);
  if (!over(current + size, current, project.storageLimit)) return;
  const err = new QuotaExceededError(project.name, current, current + size, project.storageLimit);
  announceExceeded(deps.events, { ...subject, project: project.name }, err);
  throw err;
}

/** A push's charge, opened before it stores anything and settled after. */
export interface Charge {
  limit: number;
  /** Usage before the push, when measured up front (a copy, which adds several artifacts). */
  before?: number;
}

export interface Settled {
  limit: number;
  before: number;
  after: number;
}

/**
 * Locks the project's quota for the transaction; null when the project has no limit. `measure`
 * takes the usage before the push too; without it, settleCharge is told what the push added.
 */
export async function openCharge(trx: Db, projectId: number, { measure = true } = {}): Promise<Charge | null> {
  const limit = await lockStorageLimit(trx, projectId);
  if (limit === -1) return null;
  return measure ? { limit, before: await storageUsedByProject(trx, projectId) } : { limit };
}

/**
 * After the push's rows are written: usage before and after, or QuotaExceededError (which rolls
 * them back). `added` is what the push added, for a charge opened without measuring.
 */
export async function settleCharge(trx: Db, projectId: number, projectName: string, charge: Charge, added = 0): Promise<Settled> {
  const after = await storageUsedByProject(trx, projectId);
  const before = charge.before ?? after - added;
  if (over(after, before, charge.limit)) throw new QuotaExceededError(projectName, before, after, charge.limit);
  return { limit: charge.limit, before, after };
}
