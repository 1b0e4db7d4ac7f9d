/** Retention and immutable rules in words, and the rule form's values to and from Harbor's shape. */
import type { ImmutableRule, RetentionRule } from '../../lib/api-types';

export const TEMPLATES = [
  { id: 'latestPushedK', text: 'the most recently pushed # artifacts', unit: 'Count' },
  { id: 'latestPulledN', text: 'the most recently pulled # artifacts', unit: 'Count' },
  { id: 'nDaysSinceLastPush', text: 'artifacts pushed within the last # days', unit: 'Days' },
  { id: 'nDaysSinceLastPull', text: 'artifacts pulled within the last # days', unit: 'Days' },
  { id: 'always', text: 'always', unit: null },
] as const;

export interface RuleForm {
  repoDecoration: 'repoMatches' | 'repoExcludes';
  repoPattern: string;
  template: string;
  count: string;
  tagDecoration: 'matches' | 'excludes';
  tagPattern: string;
  untagged: boolean;
}

export const EMPTY_RULE: RuleForm = { repoDecoration: 'repoMatches', repoPattern: '**', template: 'latestPushedK', count: '10', tagDecoration: 'matches', tagPattern: '**', untagged: true };

type Selectors = Pick<RetentionRule, 'tag_selectors' | 'scope_selectors'>;

const untaggedOf = (extras: string | undefined) => {
  try {
    return (JSON.parse(extras || '{}') as { untagged?: boolean }).untagged === true;
  } catch {
    return false;
  }
};

export function formOf(rule: RetentionRule): RuleForm {
  const repo = rule.scope_selectors.repository?.[0];
  const tag = rule.tag_selectors[0];
  return {
    repoDecoration: repo?.decoration === 'repoExcludes' ? 'repoExcludes' : 'repoMatches',
    repoPattern: repo?.pattern ?? '**',
    template: rule.template,
    count: rule.template === 'always' ? '' : String(rule.params?.[rule.template] ?? ''),
    tagDecoration: tag?.decoration === 'excludes' ? 'excludes' : 'matches',
    tagPattern: tag?.pattern ?? '**',
    untagged: untaggedOf(tag?.extras),
  };
}

/** The problem with the form, naming the field by its label, or null. */
export function formProblem(form: RuleForm): { field: keyof RuleForm; message: string } | null {
  if (!form.repoPattern.trim()) return { field: 'repoPattern', message: 'Repository pattern is required: ** selects every repository.' };
  if (!form.tagPattern.trim()) return { field: 'tagPattern', message: 'Tag pattern is required: ** selects every tag.' };
  const unit = TEMPLATES.find((t) => t.id === form.template)?.unit;
  if (unit && !/^\d+$/.test(form.count.trim())) return { field: 'count', message: `${unit} must be a whole number from 0.` };
  return null;
}

export function ruleOf(form: RuleForm): RetentionRule {
  return {
    action: 'retain',
    template: form.template,
    params: form.template === 'always' ? {} : { [form.template]: Number(form.count) },
    tag_selectors: [{ kind: 'doublestar', decoration: form.tagDecoration, pattern: form.tagPattern.trim(), extras: JSON.stringify({ untagged: form.untagged }) }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: form.repoDecoration, pattern: form.repoPattern.trim() }] },
  };
}

const selectorText = (rule: Selectors) => {
  const repo = rule.scope_selectors?.repository?.[0];
  const tag = rule.tag_selectors?.[0];
  const repos = `repositories ${repo?.decoration === 'repoExcludes' ? 'not matching' : 'matching'} ${repo?.pattern ?? '**'}`;
  const tags = `tags ${tag?.decoration === 'excludes' ? 'not matching' : 'matching'} ${tag?.pattern ?? '**'}`;
  return { repos, tags, untagged: untaggedOf(tag?.extras) };
};

export function retentionRuleText(rule: RetentionRule): string {
  const template = TEMPLATES.find((t) => t.id === rule.template);
  const what = (template?.text ?? rule.template).replace('#', String(rule.params?.[rule.template] ?? ''));
  const { repos, tags, untagged } = selectorText(rule);
  return `In ${repos}, retain ${what} with ${tags}${untagged ? ', untagged included' : ''}.`;
}

export function immutableRuleText(rule: ImmutableRule): string {
  const { repos, tags } = selectorText({ tag_selectors: rule.tag_selectors ?? [], scope_selectors: rule.scope_selectors ?? {} });
  return `In ${repos}, ${tags} cannot be moved or deleted.`;
}
