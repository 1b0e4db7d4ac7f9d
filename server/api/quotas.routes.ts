/** /quotas: thin handlers over core/quotas. */
import type { CoreContext } from '../core/context.js';
import { getQuotaAs, listQuotasAs, updateQuotaAs, type Quota } from '../core/quotas/quota.service.js';
import { actorOf } from './authentication.js';
import type { quotaOperations } from './contracts/quotas.js';
import { sendPage } from './paging.js';
import type { HandlersOf } from './route.js';

/** Harbor's Quota: the reference object is the project's id, name and owner. */
export const quotaJson = (q: Quota) => ({
  id: q.projectId,
  ref: { id: q.projectId, name: q.projectName, owner_name: q.ownerName },
  hard: { storage: q.limit },
  used: { storage: q.used },
  creation_time: q.creationTime,
  update_time: q.updateTime,
});

export function quotaHandlers(ctx: CoreContext): HandlersOf<typeof quotaOperations> {
  return {
    listQuotas: async ({ query }, req, res) => {
      sendPage(req, res, await listQuotasAs(ctx.db, actorOf(req, res), query), quotaJson);
    },
    getQuota: async ({ params }, req, res) => {
      res.json(quotaJson(await getQuotaAs(ctx.db, actorOf(req, res), params.id)));
    },
    updateQuota: async ({ params, body }, req, res) => {
      await updateQuotaAs(ctx, actorOf(req, res), params.id, body.hard);
      res.status(200).end();
    },
  };
}
