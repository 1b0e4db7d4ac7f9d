/** /repositories and /projects/{p}/repositories: thin handlers over core/repositories. */
import type { CoreContext } from '../core/context.js';
import {
  deleteRepositoryAs,
  getRepositoryAs,
  listAllRepositoriesAs,
  listRepositoriesAs,
  updateRepositoryAs,
} from '../core/repositories/repository.service.js';
import { actorOf } from './authentication.js';
import type { repositoryOperations } from './contracts/repositories.js';
import { sendPage } from './paging.js';
import { pathNames as names } from './refs.js';
import { repositoryJson } from './registry-presenters.js';
import type { HandlersOf } from './route.js';

export function repositoryHandlers(ctx: CoreContext): HandlersOf<typeof repositoryOperations> {
  return {
    listAllRepositories: async ({ query }, req, res) => {
      sendPage(req, res, await listAllRepositoriesAs(ctx.db, actorOf(req, res), query), repositoryJson);
    },
    listRepositories: async ({ params, query }, req, res) => {
      sendPage(req, res, await listRepositoriesAs(ctx.db, actorOf(req, res), params.project_name, query), repositoryJson);
    },
    getRepository: async ({ params }, req, res) => {
      res.json(repositoryJson(await getRepositoryAs(ctx.db, actorOf(req, res), names(params))));
    },
    updateRepository: async ({ params, body }, req, res) => {
      await updateRepositoryAs(ctx, actorOf(req, res), names(params), body.description);
      res.status(200).end();
    },
    deleteRepository: async ({ params }, req, res) => {
      await deleteRepositoryAs(ctx, actorOf(req, res), names(params));
      res.status(200).end();
    },
  };
}
