/** /search and /statistics. */
import type { CoreContext } from '../core/context.js';
import { searchProjectsAs } from '../core/projects/project-views.js';
import { statisticsAs } from '../core/projects/statistics.js';
import { searchRepositoriesAs } from '../core/repositories/repository.service.js';
import { actorOf } from './authentication.js';
import type { searchOperations } from './contracts/search.js';
import { projectJson, statisticJson } from './presenters.js';
import { searchRepositoryJson } from './registry-presenters.js';
import type { HandlersOf } from './route.js';

/** Search answers at most this many of each kind, best matches first. */
const SEARCH_LIMIT = 100;

export function searchHandlers(ctx: CoreContext): HandlersOf<typeof searchOperations> {
  return {
    search: async ({ query }, req, res) => {
      const projects = await searchProjectsAs(ctx.db, actorOf(req, res), query.q, SEARCH_LIMIT);
      const repositories = await searchRepositoriesAs(ctx.db, actorOf(req, res), query.q, SEARCH_LIMIT);
      res.json({ project: projects.map(projectJson), repository: repositories.map(searchRepositoryJson) });
    },
    getStatistic: async (_input, req, res) => {
      res.json(statisticJson(await statisticsAs(ctx.db, actorOf(req, res))));
    },
  };
}
