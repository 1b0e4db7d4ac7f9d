/** The registry-wide package search: the artifacts whose SBOM lists a package (Berth's GET /berth/packages). */
import type { PackageUse } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { artifactKeys } from '../../../lib/query-keys';

/** The search's fields, by their URL keys (the API's parameter names). */
export const PACKAGE_SEARCH_KEYS = ['name', 'version', 'type'] as const;

/** The purl types SBOMs list (the API's `type`), with the words the console shows for them. */
export const PACKAGE_TYPES = [
  ['deb', 'Debian (deb)'],
  ['apk', 'Alpine (apk)'],
  ['npm', 'npm'],
  ['pypi', 'Python (pypi)'],
  ['golang', 'Go (golang)'],
] as const;

/** Asked only once a name is given: the API needs one. */
export const packageUsesQuery = (params: ListParams) => {
  const { name = '', version = '', type = '' } = params.filters;
  return {
    ...pageQuery<PackageUse>(artifactKeys.packageUses(params), '/berth/packages', params, { name: name.trim(), version: version.trim(), type }),
    enabled: name.trim() !== '',
  };
};
