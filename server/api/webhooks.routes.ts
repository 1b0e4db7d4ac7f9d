/** /projects/{p}/webhook/...: thin handlers over core/webhooks. */
import type { CoreContext } from '../core/context.js';
import { lastTriggersAs, listExecutionsAs, listJobsAs, listTasksAs, supportedTypesAs, taskLogAs, testPolicyAs } from '../core/webhooks/deliveries.service.js';
import { createPolicyAs, deletePolicyAs, getPolicyAs, listPoliciesAs, updatePolicyAs } from '../core/webhooks/policy.service.js';
import { actorOf } from './authentication.js';
import type { webhookOperations } from './contracts/webhooks.js';
import { sendPage } from './paging.js';
import { locationOf, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';
import { lastTriggerJson, testResultJson, webhookExecutionJson, webhookJobJson, webhookPolicyJson, webhookTaskJson } from './webhook-presenters.js';

export function webhookHandlers(ctx: CoreContext): HandlersOf<typeof webhookOperations> {
  const ref = (params: { project_name_or_id: string }, headers: { 'x-is-resource-name'?: boolean }) =>
    projectRef(params.project_name_or_id, headers['x-is-resource-name']);
  return {
    ListWebhookPoliciesOfProject: async ({ params, headers, query }, req, res) => {
      sendPage(req, res, await listPoliciesAs(ctx, actorOf(req, res), ref(params, headers), query), webhookPolicyJson);
    },
    CreateWebhookPolicyOfProject: async ({ params, headers, body }, req, res) => {
      const id = await createPolicyAs(ctx, actorOf(req, res), ref(params, headers), body);
      res.location(locationOf(req, id)).status(201).end();
    },
    TestWebhookPolicyOfProject: async ({ params, headers, body }, req, res) => {
      const results = await testPolicyAs(ctx, actorOf(req, res), ref(params, headers), body);
      res.json(results.map(testResultJson));
    },
    GetWebhookPolicyOfProject: async ({ params, headers }, req, res) => {
      res.json(webhookPolicyJson(await getPolicyAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id)));
    },
    UpdateWebhookPolicyOfProject: async ({ params, headers, body }, req, res) => {
      await updatePolicyAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id, body);
      res.status(200).end();
    },
    DeleteWebhookPolicyOfProject: async ({ params, headers }, req, res) => {
      await deletePolicyAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id);
      res.status(200).end();
    },
    ListExecutionsOfWebhookPolicy: async ({ params, headers, query }, req, res) => {
      sendPage(req, res, await listExecutionsAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id, query), webhookExecutionJson);
    },
    ListTasksOfWebhookExecution: async ({ params, headers, query }, req, res) => {
      const page = await listTasksAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id, params.execution_id, query);
      sendPage(req, res, page, webhookTaskJson);
    },
    GetLogsOfWebhookTask: async ({ params, headers }, req, res) => {
      const log = await taskLogAs(ctx, actorOf(req, res), ref(params, headers), params.webhook_policy_id, params.execution_id, params.task_id);
      res.type('text/plain').send(log);
    },
    LastTrigger: async ({ params, headers }, req, res) => {
      res.json((await lastTriggersAs(ctx, actorOf(req, res), ref(params, headers))).map(lastTriggerJson));
    },
    ListWebhookJobs: async ({ params, headers, query }, req, res) => {
      const { policy_id, status, ...page } = query;
      const statuses = status ? status.split(',').map((s) => s.trim()).filter(Boolean) : [];
      sendPage(req, res, await listJobsAs(ctx, actorOf(req, res), ref(params, headers), policy_id, statuses, page), webhookJobJson);
    },
    GetSupportedEventTypes: async ({ params, headers }, req, res) => {
      res.json(await supportedTypesAs(ctx, actorOf(req, res), ref(params, headers)));
    },
  };
}
