/** /auditlog-exts, /audit-logs and the per-project logs: thin handlers over core/audit. */
import { AUDIT_EVENTS, eventTypeOf } from '../core/audit/audit-events.js';
import { listAuditAs, listProjectAuditAs } from '../core/audit/audit.service.js';
import type { CoreContext } from '../core/context.js';
import { requireUser } from '../core/security/actor.js';
import { actorOf } from './authentication.js';
import type { auditLogOperations } from './contracts/audit-logs.js';
import { sendPage } from './paging.js';
import { auditLogExtJson, auditLogJson } from './presenters.js';
import type { HandlersOf } from './route.js';

export function auditLogHandlers(ctx: CoreContext): HandlersOf<typeof auditLogOperations> {
  return {
    listAuditLogExts: async ({ query }, req, res) => {
      sendPage(req, res, await listAuditAs(ctx.db, actorOf(req, res), query), auditLogExtJson);
    },
    listAuditLogEventTypes: (_input, req, res) => {
      requireUser(actorOf(req, res));
      // Harbor's item is { event_type }; Berth adds the two parts, which the string cannot be split into.
      res.json(AUDIT_EVENTS.map(([operation, resource_type]) => ({ event_type: eventTypeOf(operation, resource_type), operation, resource_type })));
    },
    listAuditLogs: async ({ query }, req, res) => {
      sendPage(req, res, await listAuditAs(ctx.db, actorOf(req, res), query), auditLogJson);
    },
    getLogExts: async ({ params, query }, req, res) => {
      sendPage(req, res, await listProjectAuditAs(ctx.db, actorOf(req, res), params.project_name, query), auditLogExtJson);
    },
    getLogs: async ({ params, query }, req, res) => {
      sendPage(req, res, await listProjectAuditAs(ctx.db, actorOf(req, res), params.project_name, query), auditLogJson);
    },
  };
}
