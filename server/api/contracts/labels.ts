/** Labels: Harbor's `label` tag (/labels) and the Label shape artifacts carry. */
import { z } from 'zod';
import { created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

export const Label = z
  .object({
    id: z.int(),
    name: z.string(),
    description: z.string(),
    color: z.string().describe('#rgb or #rrggbb, or empty.'),
    scope: z.enum(['g', 'p']).describe('g: global (system admins manage it, every project may use it); p: one project\'s.'),
    project_id: z.int().describe('0 for a global label.'),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'Label' });

/** Harbor takes the whole Label as the body; only these fields count. */
export const LabelReq = z
  .object({
    id: z.int().optional().describe('Ignored, except when adding a label to an artifact, where only it counts.'),
    name: z.string().max(1000).nullable().optional().describe('1-128 characters; unique in its scope (and project).'),
    description: z.string().max(10_000).nullable().optional(),
    color: z.string().max(64).nullable().optional().describe('#rgb or #rrggbb, or empty.'),
    scope: z.string().nullable().optional().describe('g or p; create only.'),
    project_id: z.int().nullable().optional().describe('The project of a scope p label; create only.'),
    creation_time: z.string().optional().describe('Ignored.'),
    update_time: z.string().optional().describe('Ignored.'),
  })
  .meta({ id: 'LabelReq' });

const labelParams = z.object({ label_id: rowIdParam('The label id.') });

export const labelOperations = {
  ListLabels: operation({
    id: 'ListLabels',
    method: 'get',
    path: '/labels',
    summary: 'The global labels (scope=g) or a project\'s (scope=p&project_id=).',
    tag: 'label',
    access: 'signed-in users for global labels; label:list in the project for a project\'s',
    query: pagingQuery.extend({
      q: pagingQuery.shape.q.describe('Filters on id, name, description, color, creation_time and update_time.'),
      sort: pagingQuery.shape.sort.describe('id (the default), name, creation_time or update_time.'),
      name: z.string().optional().describe('Names containing this.'),
      scope: z.string().optional().describe('g (global) or p (a project\'s; needs project_id). Required.'),
      project_id: z.coerce.number().int().min(0).optional().describe('The project, with scope=p.'),
    }),
    responses: { 200: { description: 'The labels.', body: z.array(Label), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  CreateLabel: operation({
    id: 'CreateLabel',
    method: 'post',
    path: '/labels',
    summary: 'Create a global label (system admins) or a project\'s label (label:create there).',
    tag: 'label',
    access: 'system admins for scope g; label:create in the project for scope p (maintainers and project admins)',
    body: LabelReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  GetLabelByID: operation({
    id: 'GetLabelByID',
    method: 'get',
    path: '/labels/{label_id}',
    summary: 'Get a label.',
    tag: 'label',
    access: 'signed-in users for a global label; label:read in its project for a project\'s',
    params: labelParams,
    responses: { 200: { description: 'The label.', body: Label }, ...errorResponses(400, 401, 403, 404) },
  }),
  UpdateLabel: operation({
    id: 'UpdateLabel',
    method: 'put',
    path: '/labels/{label_id}',
    summary: 'Change a label\'s name, description and colour.',
    tag: 'label',
    access: 'system admins for a global label; label:update in its project for a project\'s',
    params: labelParams,
    body: LabelReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  DeleteLabel: operation({
    id: 'DeleteLabel',
    method: 'delete',
    path: '/labels/{label_id}',
    summary: 'Delete a label; it goes from every artifact that carries it.',
    tag: 'label',
    access: 'system admins for a global label; label:delete in its project for a project\'s',
    params: labelParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
