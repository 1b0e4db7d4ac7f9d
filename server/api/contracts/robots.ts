/** Robot accounts and the permissions they may be given: Harbor's `robot` and `permissions` tags. */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

/** Harbor uses one RobotPermission for requests and responses; OpenAPI here names the request's apart (zod's output adds additionalProperties). */
const permissionSchemas = (suffix: string) => {
  const access = z
    .object({
      resource: z.string().describe('A resource of the permission table: repository, artifact, tag ...'),
      action: z.string().describe('pull, push, create, read, update, delete, list ...'),
      effect: z.string().optional().describe('allow (the default) or deny.'),
    })
    .meta({ id: `Access${suffix}` });
  return z
    .object({
      kind: z.string().describe('project or system.'),
      namespace: z.string().describe('The project name (or id); "*" for every project (system robots); "/" for the system.'),
      access: z.array(access),
    })
    .meta({ id: `RobotPermission${suffix}` });
};
export const RobotPermission = permissionSchemas('');
const RobotPermissionRequest = permissionSchemas('Request');

export const Robot = z
  .object({
    id: z.int(),
    name: z.string().describe('The full name: robot_name_prefix, then <project>+<name> or <name>.'),
    description: z.string(),
    secret: z.string().optional().describe('Never returned here: shown once at creation and refresh.'),
    level: z.string().describe('system or project.'),
    duration: z.int().nullable().describe('Days; -1 never expires.'),
    editable: z.boolean(),
    disable: z.boolean(),
    expires_at: z.int().describe('Epoch seconds; -1 never.'),
    permissions: z.array(RobotPermission),
    creator_type: z.string(),
    creator_ref: z.int(),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'Robot' });

export const RobotCreate = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    secret: z.string().optional().describe('Omitted: Berth makes one (32 characters).'),
    level: z.string().optional(),
    disable: z.boolean().optional(),
    duration: z.int().nullable().optional().describe('Days; -1 never expires; omitted: robot_token_duration.'),
    permissions: z.array(RobotPermissionRequest).optional(),
  })
  .meta({ id: 'RobotCreate' });

/** Harbor's Robot as PUT sends it: what GET answered, with the fields to change. */
export const RobotUpdate = RobotCreate.extend({
  id: z.int().optional(),
  editable: z.boolean().optional(),
  expires_at: z.int().optional(),
  creator_type: z.string().optional(),
  creator_ref: z.int().optional(),
  creation_time: z.string().optional(),
  update_time: z.string().optional(),
}).meta({ id: 'RobotUpdate' });

export const RobotCreated = z
  .object({ id: z.int(), name: z.string(), secret: z.string(), creation_time: z.string(), expires_at: z.int() })
  .meta({ id: 'RobotCreated' });

export const RobotSec = z.object({ secret: z.string().optional() }).meta({ id: 'RobotSec' });
const RobotSecRequest = z.object({ secret: z.string().optional().describe('Omitted: Berth makes one and answers it, once.') }).meta({ id: 'RobotSecRequest' });

const Permission = z.object({ resource: z.string(), action: z.string() }).meta({ id: 'Permission' });
export const Permissions = z.object({ system: z.array(Permission).optional(), project: z.array(Permission).optional() }).meta({ id: 'Permissions' });

const robotParams = z.object({ robot_id: rowIdParam('Robot ID') });
const MANAGERS = 'system admins for system robots; holders of robot rows in the project (project admins) for project robots';

export const robotOperations = {
  ListRobot: operation({
    id: 'ListRobot',
    method: 'get',
    path: '/robots',
    summary: 'Get robot account',
    tag: 'robot',
    access: MANAGERS,
    query: pagingQuery,
    responses: { 200: { description: 'Success', body: z.array(Robot), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  CreateRobot: operation({
    id: 'CreateRobot',
    method: 'post',
    path: '/robots',
    summary: 'Create a robot account',
    tag: 'robot',
    access: MANAGERS,
    body: RobotCreate,
    responses: { 201: { description: 'Created', body: RobotCreated, headers: ['Location'] }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  GetRobotByID: operation({
    id: 'GetRobotByID',
    method: 'get',
    path: '/robots/{robot_id}',
    summary: 'Get a robot account',
    tag: 'robot',
    access: MANAGERS,
    params: robotParams,
    responses: { 200: { description: 'Return matched robot information.', body: Robot }, ...errorResponses(401, 403, 404) },
  }),
  UpdateRobot: operation({
    id: 'UpdateRobot',
    method: 'put',
    path: '/robots/{robot_id}',
    summary: 'Update a robot account',
    tag: 'robot',
    access: MANAGERS,
    params: robotParams,
    body: RobotUpdate,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  RefreshSec: operation({
    id: 'RefreshSec',
    method: 'patch',
    path: '/robots/{robot_id}',
    summary: 'Refresh the robot secret',
    tag: 'robot',
    access: MANAGERS,
    params: robotParams,
    body: RobotSecRequest,
    responses: { 200: { description: 'Return refreshed robot sec.', body: RobotSec }, ...errorResponses(400, 401, 403, 404) },
  }),
  DeleteRobot: operation({
    id: 'DeleteRobot',
    method: 'delete',
    path: '/robots/{robot_id}',
    summary: 'Delete a robot account',
    tag: 'robot',
    access: MANAGERS,
    params: robotParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  getPermissions: operation({
    id: 'getPermissions',
    method: 'get',
    path: '/permissions',
    summary: 'Get system or project level permissions info.',
    tag: 'permissions',
    access: 'system admins (both levels) and project admins (project level)',
    responses: { 200: { description: 'Get permissions successfully.', body: Permissions }, ...errorResponses(401, 403) },
  }),
};
