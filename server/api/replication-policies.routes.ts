/** /replication/policies: thin handlers over core/replication. */
import type { CoreContext } from '../core/context.js';
import { createPolicyAs, deletePolicyAs, getPolicyAs, listPoliciesAs, updatePolicyAs } from '../core/replication/policy.service.js';
import { actorOf } from './authentication.js';
import type { replicationPolicyOperations } from './contracts/replication.js';
import { sendPage } from './paging.js';
import { locationOf } from './refs.js';
import { policyFieldsOf, policyJson } from './replication-presenters.js';
import type { HandlersOf } from './route.js';

export function replicationPolicyHandlers(ctx: CoreContext): HandlersOf<typeof replicationPolicyOperations> {
  return {
    listReplicationPolicies: async ({ query }, req, res) => {
      const { name, ...paging } = query;
      sendPage(req, res, await listPoliciesAs(ctx, actorOf(req, res), paging, name), policyJson);
    },
    createReplicationPolicy: async ({ body }, req, res) => {
      const policy = await createPolicyAs(ctx, actorOf(req, res), policyFieldsOf(body));
      res.location(locationOf(req, policy.id)).status(201).end();
    },
    getReplicationPolicy: async ({ params }, req, res) => {
      res.json(policyJson(await getPolicyAs(ctx, actorOf(req, res), params.id)));
    },
    updateReplicationPolicy: async ({ params, body }, req, res) => {
      await updatePolicyAs(ctx, actorOf(req, res), params.id, policyFieldsOf(body));
      res.status(200).end();
    },
    deleteReplicationPolicy: async ({ params }, req, res) => {
      await deletePolicyAs(ctx, actorOf(req, res), params.id);
      res.status(200).end();
    },
  };
}
