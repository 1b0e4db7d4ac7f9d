/**
 * Harbor's retention rule templates and the OR algorithm, as pure functions. Each rule retains
 * what its template picks among the artifacts its selectors select; an artifact any rule retains
 * stays, and an artifact an immutable tag rule protects always stays. Everything else in a
 * repository some rule's repository selector selects is deleted; repositories no rule selects are
 * left alone (Harbor's launcher makes no task for them).
 */
import { repositorySelected, selectorProblem, tagSelectorPasses, type ScopeSelectors, type Selector } from './selectors.js';

export const TEMPLATES = ['latestPushedK', 'latestPulledN', 'nDaysSinceLastPush', 'nDaysSinceLastPull', 'always'] as const;
export type Template = (typeof TEMPLATES)[number];

/** Harbor's /retentions/metadatas, word for word. */
export const RETENTION_METADATA = {
  templates: [
    { rule_template: 'latestPushedK', display_text: 'the most recently pushed # artifacts', action: 'retain', params: [{ type: 'int', unit: 'COUNT', required: true }] },
    { rule_template: 'latestPulledN', display_text: 'the most recently pulled # artifacts', action: 'retain', params: [{ type: 'int', unit: 'COUNT', required: true }] },
    { rule_template: 'nDaysSinceLastPush', display_text: 'pushed within the last # days', action: 'retain', params: [{ type: 'int', unit: 'DAYS', required: true }] },
    { rule_template: 'nDaysSinceLastPull', display_text: 'pulled within the last # days', action: 'retain', params: [{ type: 'int', unit: 'DAYS', required: true }] },
    { rule_template: 'always', display_text: 'always', action: 'retain', params: [] },
  ],
  scope_selectors: [{ display_text: 'Repositories', kind: 'doublestar', decorations: ['repoMatches', 'repoExcludes'] }],
  tag_selectors: [{ display_text: 'Tags', kind: 'doublestar', decorations: ['matches', 'excludes'] }],
};

export interface RetentionRule {
  id?: number;
  priority?: number;
  disabled?: boolean;
  action: string;
  template: string;
  /** Keyed by the template's own name, as Harbor: {"latestPushedK": 10}. */
  params: Record<string, unknown>;
  tag_selectors: Selector[];
  scope_selectors: ScopeSelectors;
}

/** One artifact a rule looks at (top-level: index children and accessories go with their parent). */
export interface Candidate {
  id: number;
  digest: string;
  tags: string[];
  pushTime: string;
  pullTime: string | null;
  /** Whether an immutable tag rule protects one of its tags. */
  immutable: boolean;
}

const DAY_MS = 86_400_000;

/** The template's number (K, N days); Harbor sends it as a number or a numeric string. */
export const paramOf = (rule: Pick<RetentionRule, 'template' | 'params'>): number => Number(rule.params[rule.template]);

/** The problem with a list of rules, naming the field at fault, or null. */
export function rulesProblem(rules: readonly RetentionRule[]): { message: string; field: string } | null {
  if (rules.length > 15) return { message: 'A policy holds at most 15 rules.', field: 'rules' };
  const seen = new Map<string, number>();
  for (const [i, rule] of rules.entries()) {
    const at = `rules[${i}]`;
    if (rule.action !== 'retain') return { message: `${at}.action must be retain.`, field: `${at}.action` };
    if (!TEMPLATES.includes(rule.template as Template)) return { message: `${at}.template must be one of ${TEMPLATES.join(', ')}.`, field: `${at}.template` };
    if (rule.template !== 'always') {
      const n = paramOf(rule);
      if (!Number.isInteger(n) || n < 0 || n > 20_000_000) {
        return { message: `${at}.params.${rule.template} must be a whole number from 0.`, field: `${at}.params.${rule.template}` };
      }
    }
    const problem = selectorProblem(rule.tag_selectors ?? [], rule.scope_selectors ?? {}, at);
    if (problem) return problem;
    const key = JSON.stringify({ ...rule, id: 0, priority: 0 });
    if (seen.has(key)) return { message: `${at} is the same as rules[${seen.get(key)}].`, field: at };
    seen.set(key, i);
  }
  return null;
}

const byNewest = (key: (c: Candidate) => string | null) => (a: Candidate, b: Candidate) => (key(b) ?? '').localeCompare(key(a) ?? '');

/** What one template retains among the candidates its selectors let through. */
export function templateRetains(rule: RetentionRule, candidates: readonly Candidate[], now: Date): Candidate[] {
  const n = rule.template === 'always' ? 0 : paramOf(rule);
  const since = new Date(now.getTime() - n * DAY_MS).toISOString();
  switch (rule.template as Template) {
    case 'latestPushedK':
      return [...candidates].sort(byNewest((c) => c.pushTime)).slice(0, n);
    case 'latestPulledN':
      // Never-pulled artifacts sort last, as Harbor's zero pull time does.
      return [...candidates].sort(byNewest((c) => c.pullTime)).slice(0, n);
    case 'nDaysSinceLastPush':
      return candidates.filter((c) => c.pushTime >= since);
    case 'nDaysSinceLastPull':
      return candidates.filter((c) => c.pullTime !== null && c.pullTime >= since);
    case 'always':
      return [...candidates];
  }
}

export interface RepositoryVerdict {
  /** Whether any enabled rule selects the repository at all. */
  selected: boolean;
  retained: Set<number>;
  /** Why each retained artifact stays: the rules (by index) or 'immutable'. */
  reasons: Map<number, string[]>;
}

/** The OR of the enabled rules over one repository's candidates (shortName: without the project). */
export function evaluateRepository(rules: readonly RetentionRule[], shortName: string, candidates: readonly Candidate[], now: Date): RepositoryVerdict {
  const retained = new Set<number>();
  const reasons = new Map<number, string[]>();
  const because = (id: number, why: string) => {
    retained.add(id);
    reasons.set(id, [...(reasons.get(id) ?? []), why]);
  };
  let selected = false;
  for (const [i, rule] of rules.entries()) {
    if (rule.disabled || !repositorySelected(rule.scope_selectors, shortName)) continue;
    selected = true;
    const eligible = candidates.filter((c) => rule.tag_selectors.every((s) => tagSelectorPasses(s, c.tags)));
    for (const c of templateRetains(rule, eligible, now)) because(c.id, `rule ${i + 1}`);
  }
  for (const c of candidates) if (c.immutable) because(c.id, 'immutable');
  return { selected, retained, reasons };
}
