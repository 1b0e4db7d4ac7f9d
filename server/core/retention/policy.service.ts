/**
 * Retention policies through the API (Harbor's `Retention` tag): one per project, scope
 * {level: project, ref: <project id>}, rules OR-ed, an optional cron schedule on the job service.
 * The project's tag-retention permissions decide; changes are audited.
 */
import { invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { projectFor } from '../projects/project-access.js';
import { findProjectById } from '../projects/project.repository.js';
import type { Action } from '../rbac/permissions.js';
import { auditedBy, type Actor } from '../security/actor.js';
import {
  deleteRetentionPolicy,
  findProjectRetentionPolicy,
  findRetentionPolicy,
  insertRetentionPolicy,
  setRetentionId,
  updateRetentionPolicy,
  type RetentionPolicy,
  type RetentionTrigger,
} from './policy.repository.js';
import { rulesProblem, type RetentionRule } from './rules.js';

export const RETENTION_VENDOR = 'RETENTION';

type Deps = Pick<CoreContext, 'db' | 'jobs' | 'audit'>;

export interface RetentionPolicyInput {
  algorithm?: string | null;
  rules?: (Omit<RetentionRule, 'params'> & { params?: Record<string, unknown> })[] | null;
  trigger?: { kind?: string | null; settings?: { cron?: string | null } | null; references?: unknown } | null;
  scope?: { level?: string | null; ref?: number | null } | null;
}

function settled(input: RetentionPolicyInput): { algorithm: string; rules: RetentionRule[]; trigger: RetentionTrigger } {
  const algorithm = input.algorithm || 'or';
  if (algorithm !== 'or') throw invalid('algorithm must be or.', 'algorithm');
  const rules: RetentionRule[] = (input.rules ?? []).map((r, i) => ({ ...r, id: i + 1, priority: r.priority ?? 0, disabled: r.disabled ?? false, params: r.params ?? {} }));
  const problem = rulesProblem(rules);
  if (problem) throw invalid(problem.message, problem.field);
  const kind = input.trigger?.kind || 'Schedule';
  if (kind !== 'Schedule') throw invalid('trigger.kind must be Schedule.', 'trigger.kind');
  return { algorithm, rules, trigger: { kind, settings: { cron: input.trigger?.settings?.cron ?? '' }, references: {} } };
}

/** Keeps the job-service schedule in step with the policy's cron (none when it is empty). */
async function syncSchedule(deps: Deps, policy: Pick<RetentionPolicy, 'id' | 'trigger'>): Promise<void> {
  const cron = policy.trigger.settings.cron?.trim();
  if (cron) await deps.jobs.upsertSchedule({ vendorType: RETENTION_VENDOR, vendorId: policy.id, cron, field: 'trigger.settings.cron' });
  else await deps.jobs.deleteSchedule(RETENTION_VENDOR, policy.id);
}

const ruleText = (rules: RetentionRule[]) => rules.map((r) => `${r.template}${r.template === 'always' ? '' : ` ${String(r.params[r.template])}`}`).join(' or ') || 'no rules';

/** The policy and its project once the caller holds tag-retention:<action> there; 404 for an unknown policy. */
export async function policyFor(deps: Pick<CoreContext, 'db'>, actor: Actor, id: number, action: Action) {
  const policy = await findRetentionPolicy(deps.db, id);
  if (!policy) throw notFound(`retention policy ${id} not found`);
  const { project } = await projectFor(deps.db, actor, { id: policy.projectId }, 'tag-retention', action);
  return { policy, project };
}

export async function createRetentionAs(deps: Deps, actor: Actor, input: RetentionPolicyInput): Promise<number> {
  if ((input.scope?.level ?? '') !== 'project') throw invalid('scope.level must be project.', 'scope.level');
  const ref = input.scope?.ref ?? 0;
  if (!(ref > 0) || !(await findProjectById(deps.db, ref))) throw invalid(`scope.ref must be the id of a project; there is no project ${ref}.`, 'scope.ref');
  const { project } = await projectFor(deps.db, actor, { id: ref }, 'tag-retention', 'create');
  const fields = settled(input);
  const existing = await findProjectRetentionPolicy(deps.db, project.id);
  if (existing) throw invalid(`Project ${project.name} already has retention policy ${existing.id}; change that one instead.`, 'scope.ref');
  const at = isoNow();
  const id = await insertRetentionPolicy(deps.db, { projectId: project.id, ...fields }, at);
  await setRetentionId(deps.db, project.id, id, at);
  await syncSchedule(deps, { id, trigger: fields.trigger });
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'create', resourceType: 'retention_policy', resource: `${project.name}: retain ${ruleText(fields.rules)}`, at, ...auditedBy(actor) });
  return id;
}

export async function getRetentionAs(deps: Deps, actor: Actor, id: number): Promise<RetentionPolicy> {
  return (await policyFor(deps, actor, id, 'read')).policy;
}

export async function updateRetentionAs(deps: Deps, actor: Actor, id: number, input: RetentionPolicyInput): Promise<void> {
  const { policy, project } = await policyFor(deps, actor, id, 'update');
  const next = { ...policy, ...settled(input) };
  const at = isoNow();
  await syncSchedule(deps, next);
  await updateRetentionPolicy(deps.db, next, at);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'update', resourceType: 'retention_policy', resource: `${project.name}: retain ${ruleText(next.rules)}`, at, ...auditedBy(actor) });
}

export async function deleteRetentionAs(deps: Deps, actor: Actor, id: number): Promise<void> {
  const { policy, project } = await policyFor(deps, actor, id, 'delete');
  const at = isoNow();
  await deps.jobs.deleteSchedule(RETENTION_VENDOR, policy.id);
  await deleteRetentionPolicy(deps.db, policy.id);
  await setRetentionId(deps.db, project.id, null, at);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'delete', resourceType: 'retention_policy', resource: `${project.name}: retain ${ruleText(policy.rules)}`, at, ...auditedBy(actor) });
}
