/** Project members: Harbor's ProjectMember, ProjectMemberEntity, RoleRequest and their operations. */
import { z } from 'zod';
import { created, errorResponses, isResourceNameHeader, LIST_HEADERS, ok, pagingQuery, projectNameOrId, rowId, rowIdParam } from './common.js';
import { operation } from './operation.js';
import { UserGroupReq } from './usergroups.js';

export const ROLE_ID = z.int().min(1).max(5).describe('1 project admin, 2 developer, 3 guest, 4 maintainer, 5 limited guest.');

export const ProjectMemberReq = z
  .object({
    role_id: ROLE_ID,
    member_user: z
      .object({
        user_id: rowId().optional(),
        username: z.string().optional(),
      })
      .optional()
      .describe('The user, by user_id or username.'),
    member_group: UserGroupReq.optional().describe('The user group: by id, or by ldap_group_dn (LDAP) or group_name (HTTP, OIDC), imported when not known yet.'),
  })
  .meta({ id: 'ProjectMember' });

export const RoleRequest = z.object({ role_id: ROLE_ID }).meta({ id: 'RoleRequest' });

export const ProjectMemberEntity = z
  .object({
    id: z.int(),
    project_id: z.int(),
    entity_name: z.string(),
    role_name: z.string(),
    role_id: z.int(),
    entity_id: z.int(),
    entity_type: z.enum(['u', 'g']),
  })
  .meta({ id: 'ProjectMemberEntity' });

const params = z.object({ project_name_or_id: projectNameOrId });
const memberParams = params.extend({ mid: rowIdParam('The member id.') });

export const memberOperations = {
  listProjectMembers: operation({
    id: 'listProjectMembers',
    method: 'get',
    path: '/projects/{project_name_or_id}/members',
    summary: 'List the members of a project.',
    tag: 'member',
    access: 'member:list',
    params,
    headers: isResourceNameHeader,
    query: pagingQuery.extend({ entityname: z.string().optional().describe('Member names containing this.') }),
    responses: { 200: { description: 'The members.', body: z.array(ProjectMemberEntity), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  createProjectMember: operation({
    id: 'createProjectMember',
    method: 'post',
    path: '/projects/{project_name_or_id}/members',
    summary: 'Add a user or a user group to a project with a role.',
    tag: 'member',
    access: 'member:create (project admins)',
    params,
    headers: isResourceNameHeader,
    body: ProjectMemberReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  getProjectMember: operation({
    id: 'getProjectMember',
    method: 'get',
    path: '/projects/{project_name_or_id}/members/{mid}',
    summary: 'Get one member of a project.',
    tag: 'member',
    access: 'member:read',
    params: memberParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The member.', body: ProjectMemberEntity }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateProjectMember: operation({
    id: 'updateProjectMember',
    method: 'put',
    path: '/projects/{project_name_or_id}/members/{mid}',
    summary: 'Change a member\'s role.',
    tag: 'member',
    access: 'member:update (project admins)',
    params: memberParams,
    headers: isResourceNameHeader,
    body: RoleRequest,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteProjectMember: operation({
    id: 'deleteProjectMember',
    method: 'delete',
    path: '/projects/{project_name_or_id}/members/{mid}',
    summary: 'Remove a member from a project.',
    tag: 'member',
    access: 'member:delete (project admins)',
    params: memberParams,
    headers: isResourceNameHeader,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
