/** Harbor's quota tag: Quota, QuotaUpdateReq and the three operations. */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

const ResourceList = z.record(z.string(), z.int()).meta({ id: 'ResourceList', description: 'Resource name to amount; Berth has storage, in bytes.' });

export const Quota = z
  .object({
    id: z.int().describe("The quota's id: its project's id."),
    ref: z
      .object({ id: z.int(), name: z.string(), owner_name: z.string() })
      .meta({ id: 'QuotaRefObject', description: 'The project the quota belongs to.' }),
    hard: ResourceList.describe('The limits: storage in bytes, -1 for none.'),
    used: ResourceList.describe('What is used: each blob the project\'s artifacts name, once, plus their manifests.'),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'Quota' });

export const QuotaUpdateReq = z
  .object({ hard: z.record(z.string(), z.int()).describe('The new limits: {"storage": bytes}, -1 for none, at most 1024 TB.') })
  .meta({ id: 'QuotaUpdateReq' });

const ADMINS = 'system admins';
const idParams = z.object({ id: rowIdParam('Quota ID (the project id).') });

export const quotaOperations = {
  listQuotas: operation({
    id: 'listQuotas',
    method: 'get',
    path: '/quotas',
    summary: 'List quotas.',
    tag: 'quota',
    access: ADMINS,
    query: pagingQuery.pick({ page: true, page_size: true }).extend({
      reference: z.string().optional().describe('The reference type of quota: project.'),
      reference_id: z.string().optional().describe('The reference id of quota: the project id.'),
      sort: z
        .string()
        .optional()
        .describe("hard.storage, -hard.storage, used.storage or -used.storage ('-' for descending); unlimited sorts above every limit."),
    }),
    responses: { 200: { description: 'Successfully retrieved the quotas.', body: z.array(Quota), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  getQuota: operation({
    id: 'getQuota',
    method: 'get',
    path: '/quotas/{id}',
    summary: 'Get the specified quota.',
    tag: 'quota',
    access: ADMINS,
    params: idParams,
    responses: { 200: { description: 'Successfully retrieved the quota.', body: Quota }, ...errorResponses(401, 403, 404) },
  }),
  updateQuota: operation({
    id: 'updateQuota',
    method: 'put',
    path: '/quotas/{id}',
    summary: 'Update hard limits of the specified quota.',
    tag: 'quota',
    access: ADMINS,
    params: idParams,
    body: QuotaUpdateReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
