/** /labels, /projects/{p}/metadatas and /system/CVEAllowlist: thin handlers over core/labels and core/projects. */
import type { CoreContext } from '../core/context.js';
import { createLabelAs, deleteLabelAs, getLabelAs, listLabelsAs, updateLabelAs } from '../core/labels/label.service.js';
import { addMetadataAs, deleteMetadataAs, getMetadataAs, listMetadataAs, updateMetadataAs } from '../core/projects/metadata.service.js';
import { getSystemAllowlistAs, putSystemAllowlistAs } from '../core/projects/system-allowlist.service.js';
import { actorOf } from './authentication.js';
import type { labelOperations } from './contracts/labels.js';
import type { projectMetadataOperations, systemAllowlistOperations } from './contracts/project-metadata.js';
import { allowlistJson, labelJson } from './label-presenters.js';
import { sendPage } from './paging.js';
import { locationOf, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';

type Operations = typeof labelOperations & typeof projectMetadataOperations & typeof systemAllowlistOperations;

export function labelHandlers(ctx: CoreContext): HandlersOf<Operations> {
  return {
    ListLabels: async ({ query }, req, res) => {
      const { name, scope, project_id: projectId, ...paging } = query;
      sendPage(req, res, await listLabelsAs(ctx.db, actorOf(req, res), { paging, name, scope, projectId }), labelJson);
    },
    CreateLabel: async ({ body }, req, res) => {
      const id = await createLabelAs(ctx.db, actorOf(req, res), { ...body, projectId: body.project_id });
      res.location(locationOf(req, id)).status(201).end();
    },
    GetLabelByID: async ({ params }, req, res) => {
      res.json(labelJson(await getLabelAs(ctx.db, actorOf(req, res), params.label_id)));
    },
    UpdateLabel: async ({ params, body }, req, res) => {
      await updateLabelAs(ctx.db, actorOf(req, res), params.label_id, body);
      res.status(200).end();
    },
    DeleteLabel: async ({ params }, req, res) => {
      await deleteLabelAs(ctx.db, actorOf(req, res), params.label_id);
      res.status(200).end();
    },
    listProjectMetadatas: async ({ params, headers }, req, res) => {
      res.json(await listMetadataAs(ctx.db, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name'])));
    },
    addProjectMetadatas: async ({ params, headers, body }, req, res) => {
      await addMetadataAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), body);
      res.status(200).end();
    },
    getProjectMetadata: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(await getMetadataAs(ctx.db, actorOf(req, res), ref, params.meta_name));
    },
    updateProjectMetadata: async ({ params, headers, body }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      await updateMetadataAs(ctx, actorOf(req, res), ref, params.meta_name, body);
      res.status(200).end();
    },
    deleteProjectMetadata: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      await deleteMetadataAs(ctx, actorOf(req, res), ref, params.meta_name);
      res.status(200).end();
    },
    getSystemCVEAllowlist: async (_input, req, res) => {
      res.json(allowlistJson(await getSystemAllowlistAs(ctx.db, actorOf(req, res))));
    },
    putSystemCVEAllowlist: async ({ body }, req, res) => {
      const input = { cveIds: (body.items ?? []).map((item) => item.cve_id ?? ''), expiresAt: body.expires_at ?? null };
      await putSystemAllowlistAs(ctx, actorOf(req, res), input);
      res.status(200).end();
    },
  };
}
