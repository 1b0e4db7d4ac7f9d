/** Berth's SBOM operations: thin handlers over core/sbom. */
import type { CoreContext } from '../core/context.js';
import { listSbomPackagesAs, requestSbomAs, searchPackagesAs, type FoundUse } from '../core/sbom/sbom.service.js';
import type { PackageRow } from '../core/sbom/sbom.repository.js';
import { actorOf } from './authentication.js';
import type { sbomOperations } from './contracts/sbom.js';
import { sendPage } from './paging.js';
import { pathNames as names } from './refs.js';
import type { HandlersOf } from './route.js';

const packageJson = (p: PackageRow) => ({ name: p.name, version: p.version, type: p.type, purl: p.purl, license: p.license });

const useJson = (u: FoundUse) => ({
  ...packageJson(u),
  project_id: u.projectId,
  project_name: u.projectName,
  repository_name: u.repositoryName,
  artifact_id: u.artifactId,
  digest: u.digest,
  push_time: u.pushTime,
});

export function sbomHandlers(ctx: CoreContext): HandlersOf<typeof sbomOperations> {
  return {
    generateSbom: async ({ params }, req, res) => {
      res.status(202).json({ report_id: await requestSbomAs(ctx, actorOf(req, res), names(params)) });
    },
    listSbomPackages: async ({ params, query }, req, res) => {
      const { page } = await listSbomPackagesAs(ctx.db, actorOf(req, res), names(params), query);
      sendPage(req, res, page, packageJson);
    },
    searchPackages: async ({ query }, req, res) => {
      const { name, version, type, page, page_size } = query;
      sendPage(req, res, await searchPackagesAs(ctx.db, actorOf(req, res), { name, version, type }, { page, page_size }), useJson);
    },
  };
}
