/**
 * The OCI distribution-spec grammar for repository names and tags ("Pulling manifests"), plus
 * Berth's rule that a name has at least two components: `<project>/<repository...>`. The grammar
 * itself is declared with the rules the console shares (api/contracts/rules/names.ts).
 */
import { isRepositoryName, TAG } from '../api/contracts/rules/names.js';

export { isRepositoryName };

export const isTag = (value: string) => TAG.test(value);

/** The project a repository belongs to: its first component ('' for a one-part name, which has none). */
export const projectOf = (name: string) => (name.includes('/') ? name.slice(0, name.indexOf('/')) : '');

/**
 * `<project>/<repository>:<tag>` or `<project>/<repository>@<digest>` split into its parts, or
 * null when it has no project or no reference (the reference itself is not checked here).
 */
export function splitArtifactName(value: string): { project: string; repository: string; reference: string } | null {
  const at = value.indexOf('@');
  const colon = value.lastIndexOf(':');
  const split = at >= 0 ? at : colon > value.lastIndexOf('/') ? colon : -1;
  const name = split >= 0 ? value.slice(0, split) : '';
  const reference = split >= 0 ? value.slice(split + 1) : '';
  const project = projectOf(name);
  return project && reference ? { project, repository: name.slice(project.length + 1), reference } : null;
}
