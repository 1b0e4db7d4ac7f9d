/**
 * Where a replicated repository lands: the rule's destination namespace and Harbor's flattening
 * (src/controller/replication/flow/stage.go replaceNamespace). With namespace n and source
 * a/b/c/image, dest_namespace_replace_count:
 *   -1 (Harbor's legacy default) flattens all:     n/image
 *    0 keeps every level:                           n/a/b/c/image
 *    1, 2, 3 strip that many leading levels:       n/b/c/image, n/c/image, n/image
 *    more levels than the source has is an error.
 * Without a namespace the source name is kept whatever the count.
 */
import { invalid } from '../../lib/errors.js';

/** Harbor's repository grammar (lib.RepositoryNameRe), for dest_namespace. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export const isValidNamespace = (namespace: string) => REPOSITORY_NAME.test(namespace);

export const FLATTEN_ALL = -1;
export const MAX_REPLACE_COUNT = 127;

export function destinationRepository(source: string, namespace: string, replaceCount: number): string {
  if (namespace === '') return source;
  const parts = source.split('/');
  const name = parts.at(-1)!;
  const levels = parts.slice(0, -1);
  if (replaceCount < 0) return `${namespace}/${name}`;
  if (replaceCount > levels.length) {
    throw invalid(
      `The source repository ${source} has ${levels.length} path level(s) before its name, fewer than the ${replaceCount} dest_namespace_replace_count strips.`,
      'dest_namespace_replace_count',
    );
  }
  return [namespace, ...levels.slice(replaceCount), name].join('/');
}
