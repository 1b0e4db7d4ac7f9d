/** /berth/blobs/{digest}/artifacts and an artifact's lineage and dependents: thin handlers over core/layers. */
import type { z } from 'zod';
import type { CoreContext } from '../core/context.js';
import type { ArtifactSummary } from '../core/layers/layer-chain.repository.js';
import { lineageAs, listBlobArtifactsAs, listDependentsAs } from '../core/layers/layer-insight.service.js';
import { projectOf } from '../lib/reference.js';
import { actorOf } from './authentication.js';
import type { ArtifactLineage, ArtifactSummary as ArtifactSummaryJson, layerOperations } from './contracts/layers.js';
import { sendPage } from './paging.js';
import { pathNames as names } from './refs.js';
import type { HandlersOf } from './route.js';

const summaryJson = (a: ArtifactSummary): z.output<typeof ArtifactSummaryJson> => ({
  artifact_id: a.artifactId,
  project_id: a.projectId,
  project_name: projectOf(a.repositoryName),
  repository_name: a.repositoryName,
  digest: a.digest,
  tags: a.tags,
  push_time: a.pushTime,
  layers: a.layers,
});

export function layerHandlers(ctx: CoreContext): HandlersOf<typeof layerOperations> {
  return {
    listBlobArtifacts: async ({ params, query }, req, res) => {
      sendPage(req, res, await listBlobArtifactsAs(ctx.db, actorOf(req, res), params.digest, query), summaryJson);
    },
    getArtifactLineage: async ({ params }, req, res) => {
      const lineage = await lineageAs(ctx.db, actorOf(req, res), names(params));
      const body: z.output<typeof ArtifactLineage> = {
        layers: lineage.layers,
        base: lineage.base && summaryJson(lineage.base),
        used_by_count: lineage.usedByCount,
      };
      res.json(body);
    },
    listArtifactDependents: async ({ params, query }, req, res) => {
      sendPage(req, res, await listDependentsAs(ctx.db, actorOf(req, res), names(params), query), summaryJson);
    },
  };
}
