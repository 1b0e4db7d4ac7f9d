/** /berth/projects/{p}/repositories/{r}/artifacts/{reference}/diff: a thin handler over core/artifacts/artifact-diff.service. */
import { diffArtifactsAs, type ArtifactDiff, type LayerSummary } from '../core/artifacts/artifact-diff.service.js';
import type { DiffSide } from '../core/artifacts/diff-sides.js';
import type { CoreContext } from '../core/context.js';
import type { LayerFile } from '../core/layers/layer-listing.js';
import { actorOf } from './authentication.js';
import type { artifactDiffOperations } from './contracts/artifact-diff.js';
import { pathNames as names } from './refs.js';
import type { HandlersOf } from './route.js';

const sideJson = (side: DiffSide) => ({ repository_name: side.repository, digest: side.digest, index_digest: side.indexDigest, platform: side.platform });

const layerJson = (layer: LayerSummary) => ({ digest: layer.digest, size: layer.size, media_type: layer.mediaType, created_by: layer.createdBy });

const fileJson = (file: LayerFile) => ({
  path: file.path,
  type: file.type,
  size: file.size,
  mode: file.mode.toString(8).padStart(4, '0'),
  ...(file.linkTarget !== undefined ? { link_target: file.linkTarget } : {}),
  ...(file.sha256 ? { sha256: file.sha256 } : {}),
});

function diffJson(diff: ArtifactDiff) {
  const files = diff.files && {
    added: diff.files.added.map(fileJson),
    removed: diff.files.removed.map(fileJson),
    changed: diff.files.changed.map((c) => ({ path: c.path, before: fileJson(c.before), after: fileJson(c.after), changes: c.changes })),
    totals: diff.files.totals,
    truncated: diff.files.truncated,
    path: diff.files.path,
    limit: diff.files.limit,
  };
  return {
    from: sideJson(diff.from),
    to: sideJson(diff.to),
    config: diff.config,
    history: diff.history,
    layers: { added: diff.layers.added.map(layerJson), removed: diff.layers.removed.map(layerJson), shared: diff.layers.shared.map(layerJson) },
    files,
    files_problem: diff.filesProblem,
    listings: diff.listings,
  };
}

export function artifactDiffHandlers(ctx: CoreContext): HandlersOf<typeof artifactDiffOperations> {
  return {
    diffArtifacts: async ({ params, query }, req, res) => {
      const answer = await diffArtifactsAs(ctx, actorOf(req, res), names(params), {
        with: query.with,
        platform: query.platform,
        path: query.path,
        limit: query.limit,
        waitMs: query.wait * 1000,
      });
      if (answer.ready) res.json(diffJson(answer.diff));
      else res.status(202).json({ status: 'reading', layers_read: answer.done, layers_total: answer.total, message: `Reading layers (${answer.done} of ${answer.total})` });
    },
  };
}
