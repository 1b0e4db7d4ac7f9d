/** /retentions and /projects/{p}/immutabletagrules: thin handlers over core/retention and core/immutable. */
import type { CoreContext } from '../core/context.js';
import { createImmutableRuleAs, deleteImmutableRuleAs, listImmutableRulesAs, updateImmutableRuleAs } from '../core/immutable/immutable.service.js';
import {
  listRetentionExecutionsAs,
  listRetentionTasksAs,
  operateRetentionExecutionAs,
  retentionTaskLogAs,
  triggerRetentionAs,
} from '../core/retention/executions.service.js';
import { createRetentionAs, deleteRetentionAs, getRetentionAs, updateRetentionAs } from '../core/retention/policy.service.js';
import { RETENTION_METADATA } from '../core/retention/rules.js';
import { requireUser } from '../core/security/actor.js';
import { actorOf } from './authentication.js';
import type { immutableOperations } from './contracts/immutable.js';
import type { retentionOperations } from './contracts/retention.js';
import { sendPage } from './paging.js';
import { locationOf, projectRef } from './refs.js';
import { immutableRuleJson, retentionExecutionJson, retentionPolicyJson, retentionTaskJson } from './retention-presenters.js';
import type { HandlersOf } from './route.js';

export function retentionHandlers(ctx: CoreContext): HandlersOf<typeof retentionOperations> {
  return {
    getRentenitionMetadata: (_input, req, res) => {
      requireUser(actorOf(req, res));
      res.json(RETENTION_METADATA);
    },
    createRetention: async ({ body }, req, res) => {
      const id = await createRetentionAs(ctx, actorOf(req, res), body);
      res.location(locationOf(req, id)).status(201).end();
    },
    getRetention: async ({ params }, req, res) => {
      res.json(retentionPolicyJson(await getRetentionAs(ctx, actorOf(req, res), params.id)));
    },
    updateRetention: async ({ params, body }, req, res) => {
      await updateRetentionAs(ctx, actorOf(req, res), params.id, body);
      res.status(200).end();
    },
    deleteRetention: async ({ params }, req, res) => {
      await deleteRetentionAs(ctx, actorOf(req, res), params.id);
      res.status(200).end();
    },
    triggerRetentionExecution: async ({ params, body }, req, res) => {
      const id = await triggerRetentionAs(ctx, actorOf(req, res), params.id, body.dry_run === true);
      res.location(locationOf(req, id)).status(201).end();
    },
    listRetentionExecutions: async ({ params, query }, req, res) => {
      sendPage(req, res, await listRetentionExecutionsAs(ctx, actorOf(req, res), params.id, query), retentionExecutionJson);
    },
    operateRetentionExecution: async ({ params, body }, req, res) => {
      await operateRetentionExecutionAs(ctx, actorOf(req, res), params.id, params.eid, body.action ?? '');
      res.status(200).end();
    },
    listRetentionTasks: async ({ params, query }, req, res) => {
      sendPage(req, res, await listRetentionTasksAs(ctx, actorOf(req, res), params.id, params.eid, query), retentionTaskJson);
    },
    getRetentionTaskLog: async ({ params }, req, res) => {
      res.type('text/plain').send(await retentionTaskLogAs(ctx, actorOf(req, res), params.id, params.eid, params.tid));
    },
  };
}

export function immutableHandlers(ctx: CoreContext): HandlersOf<typeof immutableOperations> {
  return {
    ListImmuRules: async ({ params, headers, query }, req, res) => {
      const rules = await listImmutableRulesAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']));
      const size = query.page_size === 0 ? rules.length : query.page_size;
      const page = Math.max(query.page, 1);
      sendPage(req, res, { items: rules.slice((page - 1) * size, page * size), total: rules.length, page, pageSize: query.page_size }, immutableRuleJson);
    },
    CreateImmuRule: async ({ params, headers, body }, req, res) => {
      const id = await createImmutableRuleAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), body);
      res.location(locationOf(req, id)).status(201).end();
    },
    UpdateImmuRule: async ({ params, headers, body }, req, res) => {
      await updateImmutableRuleAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), params.immutable_rule_id, body);
      res.status(200).end();
    },
    DeleteImmuRule: async ({ params, headers }, req, res) => {
      await deleteImmutableRuleAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), params.immutable_rule_id);
      res.status(200).end();
    },
  };
}
