/** Immutable tag rules: Harbor's ImmutableRule and ImmutableSelector and their operations (swagger tag `immutable`). */
import { z } from 'zod';
import { created, errorResponses, isResourceNameHeader, LIST_HEADERS, ok, pagingQuery, projectNameOrId, rowIdParam } from './common.js';
import { operation } from './operation.js';

/** Harbor's ImmutableRule; requests get their own schema ids (`Req`), as they are read leniently. */
function ruleSchema(suffix: '' | 'Req') {
  const ImmutableSelector = z
    .object({
      kind: z.string().describe('doublestar.'),
      decoration: z.string().describe('matches or excludes for tags; repoMatches or repoExcludes for repositories.'),
      pattern: z.string().describe('A doublestar pattern; repositories are named without their project.'),
      extras: z.string().optional(),
    })
    .meta({ id: `ImmutableSelector${suffix}` });
  return z
    .object({
      id: z.int().optional(),
      priority: z.int().optional(),
      disabled: z.boolean().optional(),
      action: z.string().optional().describe('immutable.'),
      template: z.string().optional().describe('immutable_template.'),
      params: z.record(z.string(), z.unknown()).optional(),
      tag_selectors: z.array(ImmutableSelector).nullable().optional(),
      scope_selectors: z.record(z.string(), z.array(ImmutableSelector)).nullable().optional().describe('{"repository": [selector]}.'),
    })
    .meta({ id: `ImmutableRule${suffix}` });
}

export const ImmutableRule = ruleSchema('');
export const ImmutableRuleReq = ruleSchema('Req');

const ACCESS = 'the project\'s immutable-tag permissions (project admins and maintainers)';
const projectParams = z.object({ project_name_or_id: projectNameOrId });
const ruleParams = projectParams.extend({ immutable_rule_id: rowIdParam('The ID of the immutable rule.') });

export const immutableOperations = {
  ListImmuRules: operation({
    id: 'ListImmuRules',
    method: 'get',
    path: '/projects/{project_name_or_id}/immutabletagrules',
    summary: 'List the immutable tag rules of a project.',
    tag: 'immutable',
    access: ACCESS,
    params: projectParams,
    headers: isResourceNameHeader,
    query: pagingQuery,
    responses: { 200: { description: 'The rules.', body: z.array(ImmutableRule), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  CreateImmuRule: operation({
    id: 'CreateImmuRule',
    method: 'post',
    path: '/projects/{project_name_or_id}/immutabletagrules',
    summary: 'Add an immutable tag rule to a project.',
    tag: 'immutable',
    access: ACCESS,
    params: projectParams,
    headers: isResourceNameHeader,
    body: ImmutableRuleReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 404) },
  }),
  UpdateImmuRule: operation({
    id: 'UpdateImmuRule',
    method: 'put',
    path: '/projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id}',
    summary: 'Update an immutable tag rule, or enable or disable it.',
    tag: 'immutable',
    access: ACCESS,
    params: ruleParams,
    headers: isResourceNameHeader,
    body: ImmutableRuleReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  DeleteImmuRule: operation({
    id: 'DeleteImmuRule',
    method: 'delete',
    path: '/projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id}',
    summary: 'Delete an immutable tag rule.',
    tag: 'immutable',
    access: ACCESS,
    params: ruleParams,
    headers: isResourceNameHeader,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
