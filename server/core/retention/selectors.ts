/**
 * Harbor's rule selectors, shared by tag retention and immutable tag rules: a repository
 * selector (`repoMatches` / `repoExcludes`) over the repository's name without its project, and
 * tag selectors (`matches` / `excludes`) over an artifact's tags, with `extras` {"untagged":true}
 * letting a retention rule select untagged artifacts. Patterns are doublestar globs (picomatch).
 */
import picomatch from 'picomatch';
import { globMatcher } from '../replication/filters.js';

export interface Selector {
  kind: string;
  decoration: string;
  pattern: string;
  /** JSON text, e.g. {"untagged":true}; Harbor keeps it a string. */
  extras?: string;
}

export type ScopeSelectors = Record<string, Selector[]>;

const TAG_DECORATIONS = ['matches', 'excludes'];
const REPO_DECORATIONS = ['repoMatches', 'repoExcludes'];

/** The problem with a rule's selectors, naming the field at fault, or null. */
export function selectorProblem(tags: readonly Selector[], scope: ScopeSelectors, at: string): { message: string; field: string } | null {
  const check = (s: Selector, field: string, decorations: string[]) => {
    if (s.kind !== 'doublestar') return { message: `${field}.kind must be doublestar.`, field: `${field}.kind` };
    if (!decorations.includes(s.decoration)) return { message: `${field}.decoration must be ${decorations.join(' or ')}.`, field: `${field}.decoration` };
    if (typeof s.pattern !== 'string' || s.pattern === '') return { message: `${field}.pattern is required.`, field: `${field}.pattern` };
    try {
      picomatch.makeRe(s.pattern);
    } catch {
      return { message: `${field}.pattern is not a valid pattern: ${s.pattern}`, field: `${field}.pattern` };
    }
    if (s.extras) {
      try {
        JSON.parse(s.extras);
      } catch {
        return { message: `${field}.extras must be JSON, such as {"untagged":true}.`, field: `${field}.extras` };
      }
    }
    return null;
  };
  if (tags.length === 0) return { message: `${at}.tag_selectors needs one selector.`, field: `${at}.tag_selectors` };
  for (const [i, s] of tags.entries()) {
    const problem = check(s, `${at}.tag_selectors[${i}]`, TAG_DECORATIONS);
    if (problem) return problem;
  }
  const repos = scope.repository ?? [];
  if (repos.length === 0) return { message: `${at}.scope_selectors.repository needs one selector.`, field: `${at}.scope_selectors.repository` };
  for (const [i, s] of repos.entries()) {
    const problem = check(s, `${at}.scope_selectors.repository[${i}]`, REPO_DECORATIONS);
    if (problem) return problem;
  }
  return null;
}

const untaggedOf = (s: Selector): boolean => {
  try {
    return (JSON.parse(s.extras || '{}') as { untagged?: unknown }).untagged === true;
  } catch {
    return false;
  }
};

/** Whether every repository selector selects the repository (its name without the project). */
export function repositorySelected(scope: ScopeSelectors, shortName: string): boolean {
  return (scope.repository ?? []).every((s) => {
    const matched = globMatcher(s.pattern)(shortName);
    return s.decoration === 'repoExcludes' ? !matched : matched;
  });
}

/** One tag selector over an artifact's tags; an untagged artifact passes only when extras say untagged. */
export function tagSelectorPasses(selector: Selector, tags: readonly string[]): boolean {
  if (tags.length === 0) return untaggedOf(selector);
  const match = globMatcher(selector.pattern);
  return tags.some((t) => (selector.decoration === 'excludes' ? !match(t) : match(t)));
}

/** Whether each tag of `tags` is selected by every tag selector (immutable rules look at one tag at a time). */
export function tagSelected(selectors: readonly Selector[], tag: string): boolean {
  return tagSelection(selectors)(tag);
}

/** tagSelected with the patterns compiled once, for asking about many tags. */
export function tagSelection(selectors: readonly Selector[]): (tag: string) => boolean {
  const tests = selectors.map((s) => {
    const match = globMatcher(s.pattern);
    return s.decoration === 'excludes' ? (tag: string) => !match(tag) : match;
  });
  return (tag) => tests.every((test) => test(tag));
}

/** The repository's short name: `shop/team/app` is `team/app` in project shop. */
export const shortRepositoryName = (full: string) => full.slice(full.indexOf('/') + 1);
