/** Users: Harbor's UserResp, UserCreationReq, UserProfile, PasswordReq and their operations. */
import { z } from 'zod';
import { booleanParam, created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

export const OIDCUserInfo = z
  .object({
    id: z.int(),
    user_id: z.int(),
    subiss: z.string(),
    secret: z.string(),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'OIDCUserInfo' });

export const UserResp = z
  .object({
    user_id: z.int(),
    username: z.string(),
    email: z.string(),
    realname: z.string(),
    comment: z.string(),
    sysadmin_flag: z.boolean(),
    admin_role_in_auth: z.boolean(),
    oidc_user_meta: OIDCUserInfo.optional().describe('For a user onboarded through OpenID Connect, to themself: their CLI secret.'),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'UserResp' });

export const OIDCCliSecretReq = z.object({ secret: z.string().max(1024).describe('The new secret: 8-128 characters with an upper case letter, a lower case letter and a digit.') }).meta({ id: 'OIDCCliSecretReq' });

export const UserSearchRespItem = z.object({ user_id: z.int(), username: z.string() }).meta({ id: 'UserSearchRespItem' });

export const UserCreationReq = z
  .object({
    username: z.string().max(255).describe('1-255 characters without , " ~ # % $.'),
    email: z.string().max(255),
    realname: z.string().max(255).optional(),
    comment: z.string().max(30).optional(),
    password: z.string().describe('8-128 characters with an upper case letter, a lower case letter and a digit.'),
  })
  .meta({ id: 'UserCreationReq' });

export const UserProfile = z
  .object({
    email: z.string().max(255).optional(),
    realname: z.string().max(255).optional(),
    comment: z.string().max(30).optional(),
  })
  .meta({ id: 'UserProfile' });

export const PasswordReq = z
  .object({
    old_password: z.string().optional().describe('Needed when changing your own password.'),
    new_password: z.string(),
  })
  .meta({ id: 'PasswordReq' });

export const UserSysAdminFlag = z.object({ sysadmin_flag: z.boolean() }).meta({ id: 'UserSysAdminFlag' });

export const Permission = z.object({ resource: z.string(), action: z.string() }).meta({ id: 'Permission' });

const userParams = z.object({ user_id: rowIdParam('The user id.') });

export const userOperations = {
  listUsers: operation({
    id: 'listUsers',
    method: 'get',
    path: '/users',
    summary: 'List users.',
    tag: 'user',
    access: 'system admins',
    query: pagingQuery.extend({
      username: z.string().optional().describe('Usernames containing this.'),
      email: z.string().optional().describe('E-mail addresses containing this.'),
    }),
    responses: { 200: { description: 'The users.', body: z.array(UserResp), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  createUser: operation({
    id: 'createUser',
    method: 'post',
    path: '/users',
    summary: 'Create a local user; without signing in, sign up (while self_registration is on, under db_auth).',
    tag: 'user',
    access: 'system admins; anyone while self-registration is open',
    body: UserCreationReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  getCurrentUserInfo: operation({
    id: 'getCurrentUserInfo',
    method: 'get',
    path: '/users/current',
    summary: 'The signed-in user.',
    tag: 'user',
    access: 'signed-in users',
    responses: { 200: { description: 'The user.', body: UserResp }, ...errorResponses(401) },
  }),
  searchUsers: operation({
    id: 'searchUsers',
    method: 'get',
    path: '/users/search',
    summary: 'Find users by part of their username (to add members).',
    tag: 'user',
    access: 'signed-in users',
    query: z.object({
      page: pagingQuery.shape.page,
      page_size: pagingQuery.shape.page_size,
      username: z.string().min(1).describe('Usernames containing this.'),
    }),
    responses: {
      200: { description: 'Matching users.', body: z.array(UserSearchRespItem), headers: LIST_HEADERS },
      ...errorResponses(400, 401),
    },
  }),
  getCurrentUserPermissions: operation({
    id: 'getCurrentUserPermissions',
    method: 'get',
    path: '/users/current/permissions',
    summary: 'What the signed-in user may do in a scope (/project/{id} or /system).',
    tag: 'user',
    access: 'signed-in users',
    query: z.object({
      scope: z.string().optional().describe('/project/{project_id} or /system.'),
      relative: booleanParam('true: resources relative to the scope (repository rather than /project/1/repository).'),
    }),
    responses: { 200: { description: 'The permissions.', body: z.array(Permission) }, ...errorResponses(401) },
  }),
  getUser: operation({
    id: 'getUser',
    method: 'get',
    path: '/users/{user_id}',
    summary: 'Get a user.',
    tag: 'user',
    access: 'system admins, or the user',
    params: userParams,
    responses: { 200: { description: 'The user.', body: UserResp }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateUserProfile: operation({
    id: 'updateUserProfile',
    method: 'put',
    path: '/users/{user_id}',
    summary: 'Change a user\'s e-mail, real name or comment.',
    tag: 'user',
    access: 'system admins, or the user',
    params: userParams,
    body: UserProfile,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteUser: operation({
    id: 'deleteUser',
    method: 'delete',
    path: '/users/{user_id}',
    summary: 'Delete a user (never admin, id 1, nor yourself). Projects they own pass to the admin who deletes them.',
    tag: 'user',
    access: 'system admins',
    params: userParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  setUserSysAdmin: operation({
    id: 'setUserSysAdmin',
    method: 'put',
    path: '/users/{user_id}/sysadmin',
    summary: 'Make a user a system admin, or not.',
    tag: 'user',
    access: 'system admins',
    params: userParams,
    body: UserSysAdminFlag,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  updateUserPassword: operation({
    id: 'updateUserPassword',
    method: 'put',
    path: '/users/{user_id}/password',
    summary: 'Change a password: your own with old_password, anyone\'s as a system admin. Other sessions of the user end.',
    tag: 'user',
    access: 'system admins, or the user with the old password',
    params: userParams,
    body: PasswordReq,
    responses: { 200: { description: 'Changed.', headers: ['X-Harbor-CSRF-Token'] }, ...errorResponses(400, 401, 403, 404) },
  }),
  setCliSecret: operation({
    id: 'setCliSecret',
    method: 'put',
    path: '/users/{user_id}/cli_secret',
    summary: 'Set the CLI secret of a user onboarded through OpenID Connect (the old one stops working).',
    tag: 'user',
    access: 'the user, or system admins',
    params: userParams,
    body: OIDCCliSecretReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 412) },
  }),
};
