/** /projects: thin handlers over core/projects. */
import type { CoreContext } from '../core/context.js';
import { getProjectAs, listProjectsAs, projectNameTaken, projectSummaryAs } from '../core/projects/project-views.js';
import { createProjectAs, deleteProjectAs, projectDeletableAs, updateProjectAs } from '../core/projects/project.service.js';
import { notFound } from '../lib/errors.js';
import { actorOf } from './authentication.js';
import type { z } from 'zod';
import type { ProjectCreateReq, projectOperations } from './contracts/projects.js';
import { sendPage } from './paging.js';
import { projectJson, summaryJson } from './presenters.js';
import { locationOf, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';

const allowlistOf = (body: z.output<typeof ProjectCreateReq>['cve_allowlist']) =>
  body ? { projectId: body.project_id, cveIds: (body.items ?? []).map((item) => item.cve_id ?? ''), expiresAt: body.expires_at ?? null } : undefined;

export function projectHandlers(ctx: CoreContext): HandlersOf<typeof projectOperations> {
  return {
    listProjects: async ({ query }, req, res) => {
      const { name, public: isPublic, owner, with_detail: _detail, ...paging } = query;
      const page = await listProjectsAs(ctx.db, actorOf(req, res), { paging, name, public: isPublic, owner });
      sendPage(req, res, page, projectJson);
    },
    headProject: async ({ query }, req, res) => {
      const taken = await projectNameTaken(ctx.db, actorOf(req, res), query.project_name);
      if (!taken) throw notFound(`project ${query.project_name} not found`);
      res.status(200).end();
    },
    createProject: async ({ body, headers }, req, res) => {
      const project = await createProjectAs(ctx, actorOf(req, res), {
        name: body.project_name,
        public: body.public,
        metadata: body.metadata,
        registryId: body.registry_id,
        storageLimit: body.storage_limit,
        allowlist: allowlistOf(body.cve_allowlist),
      });
      const inLocation = headers['x-resource-name-in-location'] ? project.name : project.id;
      res.location(locationOf(req, inLocation)).status(201).end();
    },
    getProject: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(projectJson(await getProjectAs(ctx.db, actorOf(req, res), ref)));
    },
    updateProject: async ({ params, headers, body }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      await updateProjectAs(ctx, actorOf(req, res), ref, {
        public: body.public,
        metadata: body.metadata,
        storageLimit: body.storage_limit,
        allowlist: allowlistOf(body.cve_allowlist),
      });
      res.status(200).end();
    },
    deleteProject: async ({ params, headers }, req, res) => {
      await deleteProjectAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']));
      res.status(200).end();
    },
    getProjectDeletable: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(await projectDeletableAs(ctx.db, actorOf(req, res), ref));
    },
    getProjectSummary: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(summaryJson(await projectSummaryAs(ctx.db, actorOf(req, res), ref)));
    },
  };
}
