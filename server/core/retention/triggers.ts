/**
 * Wiring retention into the job service: RETENTION tasks, policy schedules firing real runs,
 * and 'retention.finished' on the event bus when an execution ends (webhooks and the audit
 * trail listen), with what it deleted.
 */
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { findProjectById } from '../projects/project.repository.js';
import { jsonObject } from '../../lib/json-object.js';
import { fireRetentionSchedule } from './executions.service.js';
import { findRetentionPolicy } from './policy.repository.js';
import { RETENTION_VENDOR } from './policy.service.js';
import { retentionJob, type RetentionTaskParams } from './retention-job.js';

async function announceFinished(ctx: CoreContext, executionId: number): Promise<void> {
  const execution = await ctx.jobs.getExecution(executionId);
  if (!execution) return;
  const attrs = jsonObject(execution.extra_attrs);
  const projectId = Number(attrs.project_id);
  const dryRun = attrs.dry_run === true;
  const deleted: { repository: string; digest: string; tags: string[] }[] = [];
  let total = 0;
  let retained = 0;
  for (let page = 1; ; page++) {
    const { rows } = await ctx.jobs.listTasks(executionId, {}, { page, pageSize: 100, sort: 'id' });
    for (const row of rows) {
      const params = jsonObject(row.params) as unknown as RetentionTaskParams;
      const done = jsonObject(row.extra_attrs);
      total += params.plan.total;
      retained += Number(done.retained ?? params.plan.retained);
      // A dry run deletes nothing; a real run's deletions are those its task carried out.
      if (dryRun) continue;
      const gone = new Set(Array.isArray(done.deleted_digests) ? (done.deleted_digests as string[]) : []);
      for (const item of params.plan.items.filter((i) => gone.has(i.digest))) {
        deleted.push({ repository: params.plan.repository, digest: item.digest, tags: item.tags.map((t) => t.name) });
      }
    }
    if (rows.length < 100) break;
  }
  const project = await findProjectById(ctx.db, projectId);
  ctx.events.emit({
    type: 'retention.finished',
    operator: typeof attrs.operator === 'string' ? attrs.operator : '',
    executionId,
    projectId,
    project: project?.name ?? '',
    dryRun,
    status: execution.status,
    total,
    retained,
    deleted,
    at: isoNow(),
  });
}

export function registerRetention(ctx: CoreContext): void {
  ctx.jobs.register(retentionJob(ctx));
  ctx.jobs.registerScheduleCallback(RETENTION_VENDOR, async (policyId) => {
    const policy = await findRetentionPolicy(ctx.db, policyId);
    // The policy went with its project: its schedule goes too.
    if (!policy) await ctx.jobs.deleteSchedule(RETENTION_VENDOR, policyId);
    else await fireRetentionSchedule(ctx, policy);
  });
  ctx.jobs.onExecutionFinished(RETENTION_VENDOR, (executionId) => {
    announceFinished(ctx, executionId).catch((err: unknown) => ctx.loggers.jobservice.error({ err, executionId }, 'could not announce the retention execution'));
  });
}
