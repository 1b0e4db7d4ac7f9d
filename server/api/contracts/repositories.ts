/**
 * Repositories: Harbor's Repository and its operations. {repository_name} is the name within
 * the project (`nginx` for `library/nginx`); a name with slashes is sent double-encoded as Harbor
 * wants it (a/b -> a%252Fb), and single-encoded (a%2Fb) works too.
 */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, ok, pagingQuery } from './common.js';
import { operation } from './operation.js';

export const Repository = z
  .object({
    id: z.int(),
    project_id: z.int(),
    name: z.string().describe('The full name, <project>/<name>.'),
    description: z.string(),
    artifact_count: z.int().describe('How many artifacts the repository\'s artifact list holds.'),
    pull_count: z.int(),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'Repository' });

export const RepositoryUpdate = z
  .object({ description: z.string().max(65_535).describe('The only field that changes; others are ignored.') })
  .meta({ id: 'RepositoryReq' });

/** One more decoding than the HTTP layer's: Harbor's clients encode names with slashes twice. */
const decodedOnceMore = (value: string, ctx: z.RefinementCtx) => {
  try {
    const decoded = decodeURIComponent(value);
    // The HTTP layer's decoding was checked for NUL already; this one is checked here.
    if (!decoded.includes('\0')) return decoded;
    ctx.addIssue({ code: 'custom', message: 'must not contain a NUL character' });
    return z.NEVER;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must not hold a malformed %-escape' });
    return z.NEVER;
  }
};

export const projectNameParam = z.string().min(1).describe('The project name.');
export const repositoryNameParam = z
  .string()
  .min(1)
  .transform(decodedOnceMore)
  .describe('The name within the project; with slashes, URL-encoded twice (a/b is a%252Fb).');

export const repositoryParams = z.object({ project_name: projectNameParam, repository_name: repositoryNameParam });

const repositoryQuery = pagingQuery.extend({
  q: pagingQuery.shape.q.describe(
    'Filters on name (name=~part), id, project_id, description, creation_time, update_time, pull_count and artifact_count. Other keys are ignored.',
  ),
  sort: pagingQuery.shape.sort.describe('name, id, creation_time, update_time or pull_count; the default is -creation_time. Other keys are ignored.'),
});
const list = {
  200: { description: 'The repositories, including those whose last artifact was deleted.', body: z.array(Repository), headers: LIST_HEADERS },
};

export const repositoryOperations = {
  listAllRepositories: operation({
    id: 'listAllRepositories',
    method: 'get',
    path: '/repositories',
    summary: 'The repositories of every project where the caller may list them.',
    tag: 'repository',
    access: 'anyone: anonymous callers see public projects\' repositories, users also their projects\', admins all',
    query: repositoryQuery,
    responses: { ...list, ...errorResponses(400) },
  }),
  listRepositories: operation({
    id: 'listRepositories',
    method: 'get',
    path: '/projects/{project_name}/repositories',
    summary: 'The repositories of a project.',
    tag: 'repository',
    access: 'repository:list',
    params: z.object({ project_name: projectNameParam }),
    query: repositoryQuery,
    responses: { ...list, ...errorResponses(400, 401, 403, 404) },
  }),
  getRepository: operation({
    id: 'getRepository',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}',
    summary: 'Get a repository.',
    tag: 'repository',
    access: 'repository:read',
    params: repositoryParams,
    responses: { 200: { description: 'The repository.', body: Repository }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateRepository: operation({
    id: 'updateRepository',
    method: 'put',
    path: '/projects/{project_name}/repositories/{repository_name}',
    summary: 'Change a repository\'s description.',
    tag: 'repository',
    access: 'repository:update',
    params: repositoryParams,
    body: RepositoryUpdate,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteRepository: operation({
    id: 'deleteRepository',
    method: 'delete',
    path: '/projects/{project_name}/repositories/{repository_name}',
    summary: 'Delete a repository with all its artifacts and tags.',
    tag: 'repository',
    access: 'repository:delete (maintainers and project admins)',
    params: repositoryParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
