/** /projects/{p}/repositories/{r}/artifacts: thin handlers over core/artifacts. */
import { buildHistoryAs, layersAs } from '../core/artifacts/additions.service.js';
import { copyArtifactAs } from '../core/artifacts/artifact-copy.service.js';
import { getArtifactAs, listAccessoriesAs, listArtifactsAs } from '../core/artifacts/artifact-views.js';
import { deleteArtifactAs } from '../core/artifacts/manifest-delete.service.js';
import { createTagAs, deleteTagAs, listTagsAs } from '../core/artifacts/tag.service.js';
import type { CoreContext } from '../core/context.js';
import { addArtifactLabelAs, removeArtifactLabelAs } from '../core/labels/label.service.js';
import { vulnerabilitiesAs } from '../core/scanning/scan.service.js';
import { notFound } from '../lib/errors.js';
import { actorOf } from './authentication.js';
import type { artifactOperations } from './contracts/artifacts.js';
import { sendPage, sendWithRaw, setPageHeaders } from './paging.js';
import { accessoryJson, artifactJson, layerJson, tagJson } from './registry-presenters.js';
import { locationOf, pathNames as names } from './refs.js';
import type { HandlersOf } from './route.js';

const queryOptions = (query: { with_tag?: boolean; with_accessory?: boolean; with_label?: boolean; with_sbom_overview?: boolean; with_scan_overview?: boolean }) => ({
  withTag: query.with_tag ?? true,
  withAccessory: query.with_accessory ?? false,
  withLabel: query.with_label ?? false,
  withSbomOverview: query.with_sbom_overview ?? false,
  withScanOverview: query.with_scan_overview ?? false,
});

export function artifactHandlers(ctx: CoreContext): HandlersOf<typeof artifactOperations> {
  const viewOptions = (query: Parameters<typeof queryOptions>[0]) => ({ ...queryOptions(query), tagTexts: ctx.registry.tagTexts });
  return {
    listArtifacts: async ({ params, query }, req, res) => {
      const { page, page_size, q, sort } = query;
      const found = await listArtifactsAs(ctx.db, actorOf(req, res), names(params), { page, page_size, q, sort }, viewOptions(query));
      setPageHeaders(req, res, found);
      sendWithRaw(req, res, found.items.map(artifactJson));
    },
    CopyArtifact: async ({ params, query }, req, res) => {
      const target = { project: params.project_name, repository: params.repository_name };
      const { reference } = await copyArtifactAs(ctx, actorOf(req, res), target, query.from);
      res.location(locationOf(req, reference)).status(201).end();
    },
    getArtifact: async ({ params, query }, req, res) => {
      sendWithRaw(req, res, artifactJson(await getArtifactAs(ctx.db, actorOf(req, res), names(params), viewOptions(query))));
    },
    deleteArtifact: async ({ params }, req, res) => {
      await deleteArtifactAs(ctx, actorOf(req, res), names(params));
      res.status(200).end();
    },
    listAccessories: async ({ params, query }, req, res) => {
      sendPage(req, res, await listAccessoriesAs(ctx.db, actorOf(req, res), names(params), query), accessoryJson);
    },
    getAddition: async ({ params }, req, res) => {
      const actor = actorOf(req, res);
      if (params.addition === 'build_history') res.json(await buildHistoryAs(ctx, actor, names(params)));
      else if (params.addition === 'layers') res.json((await layersAs(ctx, actor, names(params))).map(layerJson));
      // Also getVulnerabilitiesAddition's own route; whichever Express matches first answers the same.
      else if (params.addition === 'vulnerabilities') res.json(await vulnerabilitiesAs(ctx, actor, names(params)));
      else throw notFound(`Berth offers no ${params.addition} addition; addition_links lists what an artifact has.`);
    },
    listTags: async ({ params, query }, req, res) => {
      const { page, page_size, q, sort } = query;
      sendPage(req, res, await listTagsAs(ctx, actorOf(req, res), names(params), { page, page_size, q, sort }), tagJson);
    },
    createTag: async ({ params, body }, req, res) => {
      await createTagAs(ctx, actorOf(req, res), names(params), body.name);
      res.location(locationOf(req, body.name)).status(201).end();
    },
    deleteTag: async ({ params }, req, res) => {
      await deleteTagAs(ctx, actorOf(req, res), names(params), params.tag_name);
      res.status(200).end();
    },
    addLabel: async ({ params, body }, req, res) => {
      await addArtifactLabelAs(ctx.db, actorOf(req, res), names(params), body.id);
      res.status(200).end();
    },
    removeLabel: async ({ params }, req, res) => {
      await removeArtifactLabelAs(ctx.db, actorOf(req, res), names(params), params.label_id);
      res.status(200).end();
    },
  };
}
