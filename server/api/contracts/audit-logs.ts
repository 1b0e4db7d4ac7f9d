/** Audit logs: Harbor's AuditLogExt (2.13+) and the legacy AuditLog view of the same rows. */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, pagingQuery } from './common.js';
import { operation } from './operation.js';

export const AuditLog = z
  .object({
    id: z.int(),
    username: z.string(),
    resource: z.string(),
    resource_type: z.string(),
    operation: z.string(),
    op_time: z.string(),
  })
  .meta({ id: 'AuditLog' });

export const AuditLogExt = AuditLog.extend({
  operation_description: z.string(),
  operation_result: z.boolean(),
}).meta({ id: 'AuditLogExt' });

export const AuditLogEventType = z
  .object({
    event_type: z.string(),
    operation: z.string().optional().describe('Berth: the operation part of event_type (which may itself contain underscores).'),
    resource_type: z.string().optional().describe('Berth: the resource type part of event_type.'),
  })
  .meta({ id: 'AuditLogEventType' });

const auditQuery = pagingQuery.extend({
  q: pagingQuery.shape.q.describe(
    'Filters on operation, resource, resource_type, username and op_time, such as op_time=[2024-01-01 00:00:00~2024-02-01 00:00:00],username=~adm.',
  ),
  sort: pagingQuery.shape.sort.describe('op_time or id; the default is -op_time.'),
});
const projectParams = z.object({ project_name: z.string().min(1).describe('The project name.') });
const listOf = (item: z.ZodType) => ({
  200: { description: 'The log entries, newest first unless sorted otherwise.', body: z.array(item), headers: LIST_HEADERS },
  ...errorResponses(400, 401, 403, 404),
});

export const auditLogOperations = {
  listAuditLogExts: operation({
    id: 'listAuditLogExts',
    method: 'get',
    path: '/auditlog-exts',
    summary: 'The audit log: all of it for system admins, the projects they administer for others.',
    tag: 'auditlog',
    access: 'signed-in users',
    query: auditQuery,
    responses: listOf(AuditLogExt),
  }),
  listAuditLogEventTypes: operation({
    id: 'listAuditLogEventTypes',
    method: 'get',
    path: '/auditlog-exts/events',
    summary: 'The event types the audit log records (operation_resource-type).',
    tag: 'auditlog',
    access: 'signed-in users',
    responses: { 200: { description: 'The event types.', body: z.array(AuditLogEventType) }, ...errorResponses(401) },
  }),
  listAuditLogs: operation({
    id: 'listAuditLogs',
    method: 'get',
    path: '/audit-logs',
    summary: 'The audit log in Harbor\'s older shape (deprecated).',
    tag: 'auditlog',
    access: 'signed-in users',
    query: auditQuery,
    responses: listOf(AuditLog),
  }),
  getLogExts: operation({
    id: 'getLogExts',
    method: 'get',
    path: '/projects/{project_name}/auditlog-exts',
    summary: 'The audit log of one project.',
    tag: 'project',
    access: 'log:list (project admins)',
    params: projectParams,
    query: auditQuery,
    responses: listOf(AuditLogExt),
  }),
  getLogs: operation({
    id: 'getLogs',
    method: 'get',
    path: '/projects/{project_name}/logs',
    summary: 'The audit log of one project in Harbor\'s older shape (deprecated).',
    tag: 'project',
    access: 'log:list (project admins)',
    params: projectParams,
    query: auditQuery,
    responses: listOf(AuditLog),
  }),
};
