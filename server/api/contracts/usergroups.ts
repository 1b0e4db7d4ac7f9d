/** User groups: Harbor's UserGroup, UserGroupSearchItem and the usergroup operations; LDAP group search. */
import { z } from 'zod';
import { created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

/** Harbor's UserGroup as requests send it: every field optional (which ones count depends on the use). */
export const UserGroupReq = z
  .object({
    id: z.int().optional(),
    group_name: z.string().max(255).optional(),
    group_type: z.int().optional().describe('1 LDAP group, 2 HTTP group, 3 OIDC group.'),
    ldap_group_dn: z.string().max(512).optional().describe('The DN of the LDAP group (group_type 1).'),
  })
  .meta({ id: 'UserGroupReq' });

/** Harbor's UserGroup as Berth answers it. */
export const UserGroup = z
  .object({
    id: z.int().optional(),
    group_name: z.string(),
    group_type: z.int().describe('1 LDAP group, 2 HTTP group, 3 OIDC group.'),
    ldap_group_dn: z.string().describe('The DN of the LDAP group (group_type 1); empty for others.'),
  })
  .meta({ id: 'UserGroup' });

export const UserGroupSearchItem = z
  .object({ id: z.int(), group_name: z.string(), group_type: z.int() })
  .meta({ id: 'UserGroupSearchItem' });

const groupParams = z.object({ group_id: rowIdParam('Group ID') });

export const userGroupOperations = {
  listUserGroups: operation({
    id: 'listUserGroups',
    method: 'get',
    path: '/usergroups',
    summary: 'Get all user groups information.',
    tag: 'usergroup',
    access: 'system admins',
    query: pagingQuery.extend({
      ldap_group_dn: z.string().optional().describe('search with ldap group DN'),
      group_name: z.string().optional().describe('group name need to search, fuzzy matches'),
    }),
    responses: { 200: { description: 'The user groups.', body: z.array(UserGroup), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  createUserGroup: operation({
    id: 'createUserGroup',
    method: 'post',
    path: '/usergroups',
    summary: 'Create user group.',
    tag: 'usergroup',
    access: 'system admins',
    body: UserGroupReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  searchUserGroups: operation({
    id: 'searchUserGroups',
    method: 'get',
    path: '/usergroups/search',
    summary: 'Search groups by groupname.',
    tag: 'usergroup',
    access: 'signed-in users',
    query: pagingQuery.pick({ page: true, page_size: true }).extend({ groupname: z.string().min(1).describe('Group name for filtering results.') }),
    responses: { 200: { description: 'The groups.', body: z.array(UserGroupSearchItem), headers: LIST_HEADERS }, ...errorResponses(400, 401) },
  }),
  getUserGroup: operation({
    id: 'getUserGroup',
    method: 'get',
    path: '/usergroups/{group_id}',
    summary: 'Get user group information.',
    tag: 'usergroup',
    access: 'system admins',
    params: groupParams,
    responses: { 200: { description: 'The user group.', body: UserGroup }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateUserGroup: operation({
    id: 'updateUserGroup',
    method: 'put',
    path: '/usergroups/{group_id}',
    summary: 'Update group information (its name).',
    tag: 'usergroup',
    access: 'system admins',
    params: groupParams,
    body: UserGroupReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteUserGroup: operation({
    id: 'deleteUserGroup',
    method: 'delete',
    path: '/usergroups/{group_id}',
    summary: 'Delete user group (and its project memberships).',
    tag: 'usergroup',
    access: 'system admins',
    params: groupParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  searchLdapGroup: operation({
    id: 'searchLdapGroup',
    method: 'get',
    path: '/ldap/groups/search',
    summary: 'Search available ldap groups.',
    tag: 'Ldap',
    access: 'system admins',
    query: z.object({
      groupname: z.string().optional().describe('Ldap group name'),
      groupdn: z.string().optional().describe('The LDAP group DN'),
    }),
    responses: { 200: { description: 'The LDAP groups found.', body: z.array(UserGroup) }, ...errorResponses(400, 401, 403, 412, 503) },
  }),
};
