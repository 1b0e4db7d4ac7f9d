/** Search and statistics across the projects the caller can see. */
import { z } from 'zod';
import { errorResponses } from './common.js';
import { operation } from './operation.js';
import { Project } from './projects.js';

export const SearchRepository = z
  .object({
    project_id: z.int(),
    project_name: z.string(),
    project_public: z.boolean(),
    repository_name: z.string(),
    pull_count: z.int(),
    artifact_count: z.int(),
  })
  .meta({ id: 'SearchRepository' });

export const SearchResult = z
  .object({ project: z.array(Project), repository: z.array(SearchRepository) })
  .meta({ id: 'Search', description: 'At most 100 of each, best matches (shortest names) first.' });

export const Statistic = z
  .object({
    private_project_count: z.int(),
    private_repo_count: z.int(),
    public_project_count: z.int(),
    public_repo_count: z.int(),
    total_project_count: z.int(),
    total_repo_count: z.int(),
    total_storage_consumption: z.number(),
  })
  .meta({ id: 'Statistic', description: 'Totals are filled for system admins only; private counts are the caller\'s projects.' });

export const searchOperations = {
  search: operation({
    id: 'search',
    method: 'get',
    path: '/search',
    summary: 'Projects and repositories whose names contain q.',
    tag: 'search',
    access: 'anyone (sees what they may see)',
    query: z.object({ q: z.string().min(1).describe('Part of a name.') }),
    responses: { 200: { description: 'The matches.', body: SearchResult }, ...errorResponses(400) },
  }),
  getStatistic: operation({
    id: 'getStatistic',
    method: 'get',
    path: '/statistics',
    summary: 'Counts of projects and repositories.',
    tag: 'statistic',
    access: 'signed-in users',
    responses: { 200: { description: 'The counts.', body: Statistic }, ...errorResponses(401) },
  }),
};
