/**
 * A replication rule's filters as pure functions (Harbor's src/pkg/reg/filter): which
 * repositories a rule selects by name, which of an artifact's tags by tag pattern, whether its
 * labels and resource type pass. Patterns are doublestar globs as Harbor's (`*` stays within one
 * path segment, `**` crosses segments, `?`, `[...]`, `{a,b}`); an empty pattern selects all.
 * A `matches` filter keeps what matches, an `excludes` filter keeps what does not.
 */
import picomatch from 'picomatch';

export const FILTER_TYPES = ['name', 'tag', 'label', 'resource'] as const;
export type FilterType = (typeof FILTER_TYPES)[number];
export const DECORATIONS = ['matches', 'excludes'] as const;
export type Decoration = (typeof DECORATIONS)[number];
export const RESOURCE_TYPES = ['image', 'artifact'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** A filter as Harbor's API and table carry it. */
export interface ReplicationFilter {
  type: FilterType;
  /** A pattern for name and tag, image or artifact for resource, label names for label. */
  value: string | string[];
  decoration?: Decoration;
}

/** What a filter looks at in one artifact of the source. */
export interface CandidateArtifact {
  digest: string;
  tags: string[];
  /** Undefined when the source cannot tell (a registry without Harbor's labels): label filters pass it. */
  labels?: string[];
  /** Harbor's artifact type (IMAGE, CHART, SBOM...); unknown for a registry that lists tags only. */
  type?: string;
}

type Matcher = (text: string) => boolean;

/** A doublestar pattern as a function; the empty pattern matches everything (Harbor's util.Match). */
export function globMatcher(pattern: string): Matcher {
  if (pattern === '') return () => true;
  const test = picomatch(pattern, { dot: true, strictSlashes: true });
  return (text) => test(text);
}

/** The problem with a filter list, naming the filter by its position, or null when it is valid. */
export function filterProblem(filters: readonly ReplicationFilter[]): { message: string; field: string } | null {
  const seen = new Set<FilterType>();
  for (const [i, f] of filters.entries()) {
    const field = `filters[${i}]`;
    if (!FILTER_TYPES.includes(f.type)) return { message: `${field}.type must be one of ${FILTER_TYPES.join(', ')}.`, field: `${field}.type` };
    if (seen.has(f.type)) return { message: `${field}: only one ${f.type} filter is allowed.`, field: `${field}.type` };
    seen.add(f.type);
    if (f.decoration !== undefined && !DECORATIONS.includes(f.decoration)) {
      return { message: `${field}.decoration must be matches or excludes.`, field: `${field}.decoration` };
    }
    if (f.type === 'label') {
      if (!Array.isArray(f.value) || f.value.some((v) => typeof v !== 'string')) {
        return { message: `${field}.value must be a list of label names for a label filter.`, field: `${field}.value` };
      }
      continue;
    }
    if (typeof f.value !== 'string') return { message: `${field}.value must be a string for a ${f.type} filter.`, field: `${field}.value` };
    if (f.type === 'resource') {
      if (!RESOURCE_TYPES.includes(f.value as ResourceType)) {
        return { message: `${field}.value must be image or artifact for a resource filter.`, field: `${field}.value` };
      }
      if (f.decoration) return { message: `${field}: a resource filter takes no decoration.`, field: `${field}.decoration` };
      continue;
    }
    try {
      picomatch.makeRe(f.value);
    } catch {
      return { message: `${field}.value is not a valid pattern: ${f.value}`, field: `${field}.value` };
    }
  }
  return null;
}

/** A rule's filters, compiled once per execution. */
export interface CompiledFilters {
  /** Whether the repository (its full name) is selected. */
  repository(name: string): boolean;
  /**
   * The artifact's tags the rule replicates: null when the artifact is not selected, [] when it
   * is selected untagged (by digest).
   */
  artifact(artifact: CandidateArtifact): string[] | null;
}

const keeps = (matched: boolean, decoration: Decoration | undefined) => (decoration === 'excludes' ? !matched : matched);

export function compileFilters(filters: readonly ReplicationFilter[]): CompiledFilters {
  const find = (type: FilterType) => filters.find((f) => f.type === type);
  const name = find('name');
  const tag = find('tag');
  const label = find('label');
  const resource = find('resource');
  const nameMatch = globMatcher(typeof name?.value === 'string' ? name.value : '');
  const tagPattern = typeof tag?.value === 'string' ? tag.value : '';
  const tagMatch = globMatcher(tagPattern);
  const labels = Array.isArray(label?.value) ? label.value : [];

  const labelsPass = (artifact: CandidateArtifact) => {
    if (labels.length === 0 || artifact.labels === undefined) return true;
    const has = new Set(artifact.labels);
    return keeps(
      labels.every((l) => has.has(l)),
      label?.decoration,
    );
  };
  // "image" keeps images and indexes of images; "artifact" keeps every OCI artifact. A type the
  // source cannot tell (a registry without Harbor's API) passes: the copy finds out.
  const typePasses = (artifact: CandidateArtifact) =>
    resource?.value !== 'image' || artifact.type === undefined || artifact.type.toUpperCase() === 'IMAGE';

  return {
    repository: (repo) => keeps(nameMatch(repo), name?.decoration),
    artifact(artifact) {
      if (!labelsPass(artifact) || !typePasses(artifact)) return null;
      if (tagPattern === '') return [...artifact.tags];
      // An untagged artifact is matched as the empty tag, as Harbor does.
      if (artifact.tags.length === 0) return keeps(tagMatch(''), tag?.decoration) ? [] : null;
      const kept = artifact.tags.filter((t) => keeps(tagMatch(t), tag?.decoration));
      return kept.length > 0 ? kept : null;
    },
  };
}

/**
 * The repositories a name pattern names outright, for a registry without a catalog ('oci'):
 * `library/nginx` or `library/{nginx,redis}` (one brace group per level, as Harbor's
 * IsSpecificPath); null when the pattern has a wildcard and cannot be listed without a catalog.
 */
export function specificNames(pattern: string): string[] | null {
  if (pattern === '') return null;
  let names = [''];
  for (const level of pattern.split('/')) {
    if (level === '' || /[*?[\\\]^]/.test(level)) return null;
    const brace = /^([^{}]*)\{([^{}]*)\}([^{}]*)$/.exec(level);
    if (!brace && /[{},]/.test(level)) return null;
    const options = brace ? brace[2]!.split(',').map((o) => `${brace[1]}${o}${brace[3]}`) : [level];
    names = names.flatMap((prefix) => options.map((o) => (prefix ? `${prefix}/${o}` : o)));
  }
  return names;
}
