/**
 * Harbor's /quotas: every project's storage quota, its limit and its usage, listed, read and
 * changed by system admins (the 'quota' rows of SYSTEM_PERMISSIONS). A quota's id is its
 * project's id, and its reference is `project` (Harbor's only quota reference).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { UNPAGED_LIMIT, type Page } from '../lists/list-query.js';
import { MAX_STORAGE_LIMIT, storageLimitProblem } from '../projects/project.service.js';
import { auditedBy, requireSystemPermission, type Actor } from '../security/actor.js';
import { findQuotaRow, listQuotaRows, setStorageLimit, storageUsedByProjects, type QuotaRow } from './quota.repository.js';

type Db = Kysely<Database>;

export interface Quota extends QuotaRow {
  used: number;
}

export interface QuotaListRequest {
  page: number;
  page_size: number;
  sort?: string | undefined;
  reference?: string | undefined;
  reference_id?: string | undefined;
}

/** Harbor's sort keys for quotas: hard.<resource> or used.<resource>, "-" for descending. */
const SORTS = { 'hard.storage': (q: Quota) => q.limit, 'used.storage': (q: Quota) => q.used } as const;

/** -1 (no limit) sorts above every number, as "unlimited" reads. */
const sortable = (value: number) => (value === -1 ? Number.POSITIVE_INFINITY : value);

function sorter(sort: string | undefined): ((a: Quota, b: Quota) => number) | null {
  const keys = (sort ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.replace(/^-/, '') in SORTS);
  if (keys.length === 0) return null;
  return (a, b) => {
    for (const key of keys) {
      const desc = key.startsWith('-');
      const of = SORTS[key.replace(/^-/, '') as keyof typeof SORTS];
      const diff = sortable(of(a)) - sortable(of(b));
      if (diff !== 0) return desc ? -diff : diff;
    }
    return a.projectId - b.projectId;
  };
}

async function withUsage(db: Db, rows: QuotaRow[]): Promise<Quota[]> {
  const used = await storageUsedByProjects(
    db,
    rows.map((r) => r.projectId),
  );
  return rows.map((r) => ({ ...r, used: used.get(r.projectId) ?? 0 }));
}

/** The reference filter: only `project` quotas exist; a reference_id that is not a number matches none. */
function referencedProject(req: QuotaListRequest): number | undefined | null {
  if (req.reference && req.reference !== 'project') return null;
  if (!req.reference_id) return undefined;
  return /^\d{1,10}$/.test(req.reference_id) ? Number(req.reference_id) : null;
}

export async function listQuotasAs(db: Db, actor: Actor, req: QuotaListRequest): Promise<Page<Quota>> {
  requireSystemPermission(actor, 'quota', 'list');
  const page = Math.max(req.page, 1);
  const projectId = referencedProject(req);
  const rows = projectId === null ? [] : await listQuotaRows(db, projectId);
  if (req.page_size === 0 && rows.length > UNPAGED_LIMIT) throw invalid(`page_size=0 lists at most ${UNPAGED_LIMIT} quotas; page through them instead.`, 'page_size');
  const order = sorter(req.sort);
  const slice = <T>(items: T[]) => (req.page_size === 0 ? items : items.slice((page - 1) * req.page_size, page * req.page_size));
  // Sorting by a figure needs every project's; otherwise only the page's usage is measured.
  const items = order ? slice((await withUsage(db, rows)).sort(order)) : await withUsage(db, slice(rows));
  return { items, total: rows.length, page, pageSize: req.page_size };
}

async function existing(db: Db, id: number): Promise<Quota> {
  const row = await findQuotaRow(db, id);
  if (!row) throw notFound(`quota ${id} not found`);
  return (await withUsage(db, [row]))[0]!;
}

export async function getQuotaAs(db: Db, actor: Actor, id: number): Promise<Quota> {
  requireSystemPermission(actor, 'quota', 'read');
  return existing(db, id);
}

/**
 * PUT /quotas/{id}: a new storage limit, -1 for none. A limit below the current usage is
 * accepted, as Harbor accepts it: pushes that add storage are then refused until usage drops.
 */
export async function updateQuotaAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, id: number, hard: Record<string, number>): Promise<void> {
  requireSystemPermission(actor, 'quota', 'update');
  if (Object.keys(hard).length === 0) throw invalid('hard required in body', 'hard');
  const unknown = Object.keys(hard).filter((k) => k !== 'storage');
  if (unknown.length) throw invalid(`hard.${unknown[0]} is not a quota resource; Berth limits storage only.`, `hard.${unknown[0]}`);
  const limit = hard.storage!;
  if (storageLimitProblem(limit)) {
    throw invalid(`The storage limit must be -1 (no limit) or a number of bytes from 1 to ${MAX_STORAGE_LIMIT} (1024 TB), not ${limit}.`, 'hard.storage');
  }
  const quota = await existing(ctx.db, id);
  await inTransaction(ctx.db, async (trx) => {
    const at = isoNow();
    await setStorageLimit(trx, id, limit, at);
    await ctx.audit.write(trx, { projectId: id, operation: 'update', resourceType: 'quota', resource: quota.projectName, at, ...auditedBy(actor) });
  });
}
