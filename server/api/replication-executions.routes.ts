/** /replication/executions: thin handlers over core/replication. */
import type { CoreContext } from '../core/context.js';
import {
  getExecutionAs,
  listExecutionsAs,
  listTasksAs,
  startReplicationAs,
  stopReplicationAs,
  taskLogAs,
} from '../core/replication/executions.service.js';
import { actorOf } from './authentication.js';
import type { replicationExecutionOperations } from './contracts/replication.js';
import { sendPage } from './paging.js';
import { locationOf } from './refs.js';
import { executionJson, taskJson } from './replication-presenters.js';
import type { HandlersOf } from './route.js';

export function replicationExecutionHandlers(ctx: CoreContext): HandlersOf<typeof replicationExecutionOperations> {
  return {
    listReplicationExecutions: async ({ query }, req, res) => {
      const { policy_id, status, trigger, ...page } = query;
      sendPage(req, res, await listExecutionsAs(ctx, actorOf(req, res), { policy_id, status, trigger }, page), executionJson);
    },
    startReplication: async ({ body }, req, res) => {
      const id = await startReplicationAs(ctx, actorOf(req, res), body.policy_id);
      res.location(locationOf(req, id)).status(201).end();
    },
    getReplicationExecution: async ({ params }, req, res) => {
      res.json(executionJson(await getExecutionAs(ctx, actorOf(req, res), params.id)));
    },
    stopReplication: async ({ params }, req, res) => {
      await stopReplicationAs(ctx, actorOf(req, res), params.id);
      res.status(200).end();
    },
    listReplicationTasks: async ({ params, query }, req, res) => {
      const { status, resource_type, ...page } = query;
      sendPage(req, res, await listTasksAs(ctx, actorOf(req, res), params.id, { status, resource_type }, page), taskJson);
    },
    getReplicationLog: async ({ params }, req, res) => {
      const log = await taskLogAs(ctx, actorOf(req, res), params.id, params.task_id);
      res.type('text/plain').send(log);
    },
  };
}
