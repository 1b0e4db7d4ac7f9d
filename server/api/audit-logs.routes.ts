/** /auditlog-exts, /audit-logs and the per-project logs: thin handlers over core/audit. */
import { AUDIT_EVENT_TYPES, listAuditAs, listProjectAuditAs } from '../core/audit/audit.service.js';
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
      res.json(AUDIT_EVENT_TYPES.map((event_type) => ({ event_type })));
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
