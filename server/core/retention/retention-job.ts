/**
 * The RETENTION job: one task per repository, carrying that repository's part of the plan made
 * when the execution started. The task log is Harbor's table (digest, tags, times, RETAIN/DEL)
 * with Berth's pulls, size and bytes columns and a summary line; a real run then deletes each
 * planned artifact as a user's delete by digest would (audit row, events, caches), skipping what
 * is gone already or became protected meanwhile.
 */
import { isAppError } from '../../lib/errors.js';
import { SYSTEM_OPERATOR } from '../audit/audit.service.js';
import { deleteManifest } from '../artifacts/manifest-delete.service.js';
import type { CoreContext } from '../context.js';
import type { JobType, TaskRun } from '../jobs/job-types.js';
import type { PlanItem, RepositoryPlan } from './planner.js';

export const RETENTION_JOB = 'RETENTION';

export interface RetentionTaskParams {
  policyId: number;
  projectId: number;
  dryRun: boolean;
  plan: RepositoryPlan;
}

const cell = (text: string, width: number) => text.padEnd(width);
const time = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : 'never');

/** Harbor's retention table, one row per artifact, plus Berth's pulls and bytes. */
export function planTable(plan: RepositoryPlan): string {
  const header = ['Digest', 'Tags', 'PushedTime', 'PulledTime', 'Pulls', 'Size', 'Freed', 'Retention'];
  const rows = plan.items.map((i: PlanItem) => [
    i.digest.slice(0, 19),
    i.tags.map((t) => `${t.name}(${t.pullCount})`).join(',') || '<none>',
    time(i.pushTime),
    time(i.pullTime),
    String(i.pullCount),
    String(i.size),
    String(i.bytesFreed),
    i.action === 'retain' ? `RETAIN ${i.reasons.join(',')}` : 'DEL',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((t, c) => cell(t, widths[c]!)).join(' | ')} |`;
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  return [rule, line(header), rule, ...rows.map(line), rule].join('\n');
}

export const summaryOf = (plan: RepositoryPlan, dryRun: boolean) =>
  dryRun
    ? `${plan.repository}: ${plan.deleted} of ${plan.total} artifacts would be deleted, ${plan.retained} retained, ${plan.bytesFreed} bytes would be freed`
    : `${plan.repository}: ${plan.deleted} of ${plan.total} artifacts planned for deletion, ${plan.retained} retained, ${plan.bytesFreed} bytes freed`;

async function runTask(ctx: CoreContext, run: TaskRun): Promise<void> {
  const p = run.params as unknown as RetentionTaskParams;
  run.log.info(`${p.dryRun ? 'dry run' : 'run'} of retention policy ${p.policyId} over ${p.plan.repository}\n${planTable(p.plan)}`);
  const deleted: string[] = [];
  let skipped = 0;
  if (!p.dryRun) {
    for (const item of p.plan.items.filter((i) => i.action === 'delete')) {
      if (run.signal.aborted) break;
      try {
        await deleteManifest(ctx, { name: SYSTEM_OPERATOR, clientIp: null }, p.plan.repository, item.digest);
        deleted.push(item.digest);
      } catch (err) {
        if (!isAppError(err) || !['NOT_FOUND', 'PRECONDITION'].includes(err.kind)) throw err;
        skipped++;
        run.log.warn(`${p.plan.repository}@${item.digest} not deleted: ${err.message}`);
      }
    }
  }
  run.log.info(summaryOf(p.plan, p.dryRun) + (skipped ? ` (${skipped} skipped)` : ''));
  const gone = p.dryRun ? p.plan.deleted : deleted.length;
  await run.setExtraAttrs({ total: p.plan.total, retained: p.plan.total - gone, deleted: gone, bytes_freed: p.plan.bytesFreed, ...(p.dryRun ? {} : { deleted_digests: deleted }) });
}

export function retentionJob(ctx: CoreContext): JobType {
  return {
    name: RETENTION_JOB,
    // Deleting again what is gone is harmless, but a plan is a snapshot: do not retry for long.
    maxAttempts: 2,
    run: (run) => runTask(ctx, run),
  };
}
