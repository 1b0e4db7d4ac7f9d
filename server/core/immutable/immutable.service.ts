/**
 * Immutable tag rules through the API (Harbor's `immutable` tag): list, create, replace (which
 * also enables or disables a rule) and delete, with the project's immutable-tag permissions.
 * Changes are audited.
 */
import { invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { projectFor, type ProjectRef } from '../projects/project-access.js';
import { selectorProblem, type ScopeSelectors, type Selector } from '../retention/selectors.js';
import { auditedBy, type Actor } from '../security/actor.js';
import { deleteImmutableRule, findImmutableRule, insertImmutableRule, listImmutableRules, updateImmutableRule, type ImmutableRule } from './immutable.repository.js';

type Deps = Pick<CoreContext, 'db' | 'audit'>;

export interface ImmutableRuleInput {
  disabled?: boolean;
  tag_selectors?: Selector[] | null;
  scope_selectors?: ScopeSelectors | null;
}

/** Harbor's limit on a project's immutable rules. */
const MAX_RULES = 15;

function checked(input: ImmutableRuleInput): { tagSelectors: Selector[]; scopeSelectors: ScopeSelectors } {
  const tagSelectors = (input.tag_selectors ?? []).map((s) => ({ kind: s.kind, decoration: s.decoration, pattern: s.pattern }));
  const scopeSelectors = { repository: (input.scope_selectors?.repository ?? []).map((s) => ({ kind: s.kind, decoration: s.decoration, pattern: s.pattern })) };
  const problem = selectorProblem(tagSelectors, scopeSelectors, 'rule');
  if (problem) throw invalid(problem.message.replace(/^rule\./, ''), problem.field.replace(/^rule\./, ''));
  return { tagSelectors, scopeSelectors };
}

const describe = (rule: Pick<ImmutableRule, 'tagSelectors' | 'scopeSelectors'>) =>
  `repositories ${rule.scopeSelectors.repository?.map((s) => `${s.decoration} ${s.pattern}`).join(', ')}; tags ${rule.tagSelectors.map((s) => `${s.decoration} ${s.pattern}`).join(', ')}`;

export async function listImmutableRulesAs(deps: Deps, actor: Actor, ref: ProjectRef): Promise<ImmutableRule[]> {
  const { project } = await projectFor(deps.db, actor, ref, 'immutable-tag', 'list');
  return listImmutableRules(deps.db, project.id);
}

export async function createImmutableRuleAs(deps: Deps, actor: Actor, ref: ProjectRef, input: ImmutableRuleInput): Promise<number> {
  const { project } = await projectFor(deps.db, actor, ref, 'immutable-tag', 'create');
  const rule = checked(input);
  if ((await listImmutableRules(deps.db, project.id)).length >= MAX_RULES) throw invalid(`A project holds at most ${MAX_RULES} immutable tag rules.`);
  const at = isoNow();
  const id = await insertImmutableRule(deps.db, { projectId: project.id, disabled: input.disabled ?? false, ...rule }, at);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'create', resourceType: 'immutable_tag_rule', resource: `${project.name}: ${describe(rule)}`, at, ...auditedBy(actor) });
  return id;
}

async function ruleOf(deps: Deps, actor: Actor, ref: ProjectRef, id: number, action: 'update' | 'delete') {
  const { project } = await projectFor(deps.db, actor, ref, 'immutable-tag', action);
  const rule = await findImmutableRule(deps.db, project.id, id);
  if (!rule) throw notFound(`immutable tag rule ${id} not found in project ${project.name}`);
  return { project, rule };
}

/** PUT: replaces the selectors when they are given; `disabled` alone enables or disables the rule, as Harbor's console sends it. */
export async function updateImmutableRuleAs(deps: Deps, actor: Actor, ref: ProjectRef, id: number, input: ImmutableRuleInput): Promise<void> {
  const { project, rule } = await ruleOf(deps, actor, ref, id, 'update');
  const selectors = input.tag_selectors?.length || input.scope_selectors?.repository?.length ? checked(input) : rule;
  const next = { ...rule, tagSelectors: selectors.tagSelectors, scopeSelectors: selectors.scopeSelectors, disabled: input.disabled ?? rule.disabled };
  const at = isoNow();
  await updateImmutableRule(deps.db, next, at);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'update', resourceType: 'immutable_tag_rule', resource: `${project.name}: ${describe(next)}${next.disabled ? ' (disabled)' : ''}`, at, ...auditedBy(actor) });
}

export async function deleteImmutableRuleAs(deps: Deps, actor: Actor, ref: ProjectRef, id: number): Promise<void> {
  const { project, rule } = await ruleOf(deps, actor, ref, id, 'delete');
  const at = isoNow();
  await deleteImmutableRule(deps.db, id);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'delete', resourceType: 'immutable_tag_rule', resource: `${project.name}: ${describe(rule)}`, at, ...auditedBy(actor) });
}
