/**
 * What follows a rule's changes: its schedule follows its trigger (a job-service schedule while
 * the rule is enabled and scheduled, none otherwise), a rule with an execution in progress
 * cannot be deleted (Harbor's 412), and a deleted rule takes its executions and waiting run along.
 */
import { precondition } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { REPLICATION_VENDOR } from './execution-runner.js';
import type { ReplicationPolicy } from './policy.repository.js';
import { claimQueued } from './queue.repository.js';

type Ctx = Pick<CoreContext, 'db' | 'jobs'>;

export async function policySaved(ctx: Ctx, policy: ReplicationPolicy): Promise<void> {
  if (policy.enabled && policy.trigger.type === 'scheduled') {
    await ctx.jobs.upsertSchedule({ vendorType: REPLICATION_VENDOR, vendorId: policy.id, cron: policy.trigger.cron, field: 'trigger.trigger_settings.cron' });
  } else {
    await ctx.jobs.deleteSchedule(REPLICATION_VENDOR, policy.id);
  }
}

export async function policyDeleting(ctx: Ctx, policy: ReplicationPolicy): Promise<void> {
  for (const status of ['Running', 'Pending']) {
    const { total } = await ctx.jobs.listExecutions({ vendorType: REPLICATION_VENDOR, vendorId: policy.id, status }, { page: 1, pageSize: 1 });
    if (total > 0) throw precondition(`The replication policy ${policy.name} has an execution in progress: stop it, then delete the policy.`);
  }
}

export async function policyDeleted(ctx: Ctx, policy: ReplicationPolicy): Promise<void> {
  await ctx.jobs.deleteSchedule(REPLICATION_VENDOR, policy.id);
  await claimQueued(ctx.db, policy.id);
  for (;;) {
    const { rows } = await ctx.jobs.listExecutions({ vendorType: REPLICATION_VENDOR, vendorId: policy.id }, { page: 1, pageSize: 100 });
    if (rows.length === 0) break;
    for (const row of rows) await ctx.jobs.deleteExecution(row.id);
  }
}
