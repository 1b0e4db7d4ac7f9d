/**
 * What starts replication besides a click: a rule's cron (a job-service schedule per scheduled
 * rule, kept in step with the rule), and this Berth's pushes and deletes for enabled
 * event-based push rules whose name filter selects the repository. Events are gathered for a
 * moment so a push of an index and its children (or a burst of tags) makes one small execution
 * per rule; deletions go only to rules that replicate them.
 */
import { SYSTEM_OPERATOR } from '../audit/audit.service.js';
import type { BerthEvent } from '../events/bus.js';
import type { CoreContext } from '../context.js';
import { compileFilters } from './filters.js';
import { announceFinished, startAllQueued, startQueued, triggerPolicy, REPLICATION_VENDOR } from './execution-runner.js';
import { endDeadPlanners } from './planner-recovery.js';
import type { ReplicationEvent } from './planner.js';
import { addRegistryDeletionGuard } from '../registries/registry.service.js';
import { findLocalSourcePolicies, findPolicy, policyNamesUsingRegistry } from './policy.repository.js';
import { replicationJob } from './replication-job.js';

/** How long events are gathered before the executions they make start. */
const EVENT_BATCH_MS = 500;

function eventOf(event: BerthEvent): ReplicationEvent | null {
  switch (event.type) {
    case 'artifact.pushed':
    case 'tag.created':
      return { kind: 'push', repository: event.repository, digest: event.digest, ...(event.tag ? { tag: event.tag } : {}) };
    case 'artifact.deleted':
      return { kind: 'delete', repository: event.repository, digest: event.digest, at: event.at };
    case 'tag.deleted':
      return { kind: 'delete', repository: event.repository, digest: event.digest, tag: event.tag, at: event.at };
    default:
      return null;
  }
}

function subscribeToEvents(ctx: CoreContext): void {
  let pending: ReplicationEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    timer = undefined;
    const events = pending;
    pending = [];
    for (const policy of await findLocalSourcePolicies(ctx.db, 'event_based')) {
      const filters = compileFilters(policy.filters);
      const mine = events.filter((e) => filters.repository(e.repository) && (e.kind === 'push' || policy.replicateDeletion));
      if (mine.length === 0) continue;
      const id = await triggerPolicy(ctx, policy, 'EVENT_BASED', { events: mine, operator: SYSTEM_OPERATOR });
      ctx.loggers.jobservice.info({ policyId: policy.id, executionId: id, events: mine.length }, 'event-based replication triggered');
    }
  };
  const collect = (event: BerthEvent) => {
    const e = eventOf(event);
    if (!e) return;
    pending.push(e);
    timer ??= setTimeout(() => {
      flush().catch((err: unknown) => ctx.loggers.jobservice.error({ err }, 'event-based replication failed to start'));
    }, EVENT_BATCH_MS);
    timer.unref();
  };
  for (const type of ['artifact.pushed', 'tag.created', 'artifact.deleted', 'tag.deleted'] as const) ctx.events.on(type, collect);
}

/** The job service runs REPLICATION tasks, fires rule schedules, and reports ended executions here. */
export function registerReplication(ctx: CoreContext): void {
  ctx.jobs.register(replicationJob(ctx));
  ctx.jobs.registerScheduleCallback(REPLICATION_VENDOR, async (policyId) => {
    const policy = await findPolicy(ctx.db, policyId);
    if (!policy?.enabled || policy.trigger.type !== 'scheduled') return;
    await triggerPolicy(ctx, policy, 'SCHEDULE', { operator: SYSTEM_OPERATOR });
  });
  ctx.jobs.onExecutionFinished(REPLICATION_VENDOR, (executionId, _vendorType, policyId) => {
    announceFinished(ctx, executionId, policyId).catch((err: unknown) => ctx.loggers.jobservice.error({ err, executionId }, 'the end of a replication was not announced'));
    startQueued(ctx, policyId).catch((err: unknown) => ctx.loggers.jobservice.error({ err, policyId }, 'the queued replication did not start'));
  });
  subscribeToEvents(ctx);
  // A registry a rule names cannot be deleted (Harbor's 412).
  addRegistryDeletionGuard(policyNamesUsingRegistry);
}

/** How often a process looks for executions whose planner died (planner-recovery.ts). */
const PLANNER_CHECK_MS = 10_000;

/**
 * At start-up: executions whose planner died are ended, and waiting executions whose running one
 * ended while no process watched start; the first check then repeats. Answers a stopper.
 */
export async function resumeReplication(ctx: CoreContext): Promise<() => void> {
  const recover = async () => {
    for (const policyId of await endDeadPlanners(ctx, REPLICATION_VENDOR)) await startQueued(ctx, policyId);
  };
  await recover();
  await startAllQueued(ctx);
  const timer = setInterval(() => {
    recover().catch((err: unknown) => ctx.loggers.jobservice.error({ err }, 'checking for stopped replication planners failed'));
  }, PLANNER_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
