/** /berth/.../storage and /berth/statistics/storage: thin handlers over core/usage. */
import type { CoreContext } from '../core/context.js';
import { artifactStorageAs, projectStorageAs, repositoryStorageAs, systemStorageAs, type ScopeStorage } from '../core/usage/storage-usage.service.js';
import { actorOf } from './authentication.js';
import type { storageOperations } from './contracts/storage.js';
import { pathNames as names, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';

const scopeJson = (s: ScopeStorage) => ({
  total: s.total,
  unique: s.unique,
  shared: s.shared,
  artifact_count: s.artifactCount,
  manifest_bytes: s.manifestBytes,
});

export function storageHandlers(ctx: CoreContext): HandlersOf<typeof storageOperations> {
  return {
    getProjectStorage: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(scopeJson(await projectStorageAs(ctx.db, actorOf(req, res), ref)));
    },
    getRepositoryStorage: async ({ params }, req, res) => {
      res.json(scopeJson(await repositoryStorageAs(ctx.db, actorOf(req, res), names(params))));
    },
    getArtifactStorage: async ({ params }, req, res) => {
      const footprint = await artifactStorageAs(ctx.db, actorOf(req, res), names(params));
      res.json({ frees: footprint.frees, stays: footprint.stays, shared_with: footprint.sharedWith, artifact_count: footprint.artifactCount });
    },
    getSystemStorage: async (_input, req, res) => {
      const s = await systemStorageAs(ctx.db, actorOf(req, res));
      res.json({ total_storage_consumption: s.stored, physical: s.physical, logical: s.logical, dedup_ratio: s.dedupRatio, artifact_count: s.artifactCount });
    },
  };
}
