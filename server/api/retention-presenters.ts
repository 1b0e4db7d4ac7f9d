/** Retention and immutable rules as Harbor's JSON, with Berth's dry-run figures beside. */
import type { z } from 'zod';
import type { ImmutableRule as ImmutableRuleRecord } from '../core/immutable/immutable.repository.js';
import type { RetentionExecutionView, RetentionTaskView } from '../core/retention/executions.service.js';
import type { RetentionPolicy as RetentionPolicyRecord } from '../core/retention/policy.repository.js';
import { ZERO_TIME } from './contracts/common.js';
import type { ImmutableRule } from './contracts/immutable.js';
import type { RetentionExecution, RetentionExecutionTask, RetentionPolicy } from './contracts/retention.js';

export const retentionPolicyJson = (p: RetentionPolicyRecord): z.input<typeof RetentionPolicy> => ({
  id: p.id,
  algorithm: p.algorithm,
  rules: p.rules,
  trigger: { kind: p.trigger.kind, settings: { cron: p.trigger.settings.cron ?? '' }, references: p.trigger.references ?? {} },
  scope: { level: 'project', ref: p.projectId },
});

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export const retentionExecutionJson = (e: RetentionExecutionView): z.input<typeof RetentionExecution> => ({
  id: e.row.id,
  policy_id: e.row.vendor_id,
  start_time: e.row.start_time,
  end_time: e.row.end_time ?? '',
  status: e.row.status,
  trigger: e.row.trigger,
  dry_run: e.attrs.dry_run === true,
  total: num(e.attrs.total),
  retained: num(e.attrs.retained),
  deleted: num(e.attrs.deleted),
  bytes_freed: num(e.attrs.bytes_freed),
});

/** Harbor's job status codes: what has ended shares one. */
const STATUS_CODES: Record<string, number> = { Pending: 0, Scheduled: 1, Running: 2, Stopped: 3, Error: 3, Success: 3 };

export const retentionTaskJson = (t: RetentionTaskView): z.input<typeof RetentionExecutionTask> => {
  const plan = t.params.plan;
  const ended = t.row.end_time !== null;
  return {
    id: t.row.id,
    execution_id: t.row.execution_id,
    repository: plan.repository,
    job_id: String(t.row.id),
    status: t.row.status,
    status_code: STATUS_CODES[t.row.status] ?? 0,
    status_revision: t.row.run_count,
    start_time: t.row.start_time ?? '',
    end_time: t.row.end_time ?? '',
    total: plan.total,
    retained: ended ? num(t.attrs.retained) : plan.retained,
    deleted: ended ? num(t.attrs.deleted) : plan.deleted,
    bytes_freed: plan.bytesFreed,
    artifacts: plan.items.map((i) => ({
      digest: i.digest,
      tags: i.tags.map((tag) => ({ name: tag.name, pull_count: tag.pullCount, pull_time: tag.pullTime ?? ZERO_TIME })),
      push_time: i.pushTime,
      pull_time: i.pullTime ?? ZERO_TIME,
      pull_count: i.pullCount,
      size: i.size,
      action: i.action,
      reasons: i.reasons,
      bytes_freed: i.bytesFreed,
    })),
  };
};

export const immutableRuleJson = (r: ImmutableRuleRecord): z.input<typeof ImmutableRule> => ({
  id: r.id,
  priority: 0,
  disabled: r.disabled,
  action: 'immutable',
  template: 'immutable_template',
  params: {},
  tag_selectors: r.tagSelectors,
  scope_selectors: r.scopeSelectors,
});
