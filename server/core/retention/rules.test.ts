/** Harbor's retention templates and the OR of rules over one repository, with selectors and immutable artifacts. */
import { describe, expect, test } from 'vitest';
import { evaluateRepository, rulesProblem, type Candidate, type RetentionRule } from './rules.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

const candidate = (id: number, tags: string[], pushedDaysAgo: number, pulledDaysAgo: number | null, immutable = false): Candidate => ({
  id,
  digest: `sha256:${String(id).padStart(64, '0')}`,
  tags,
  pushTime: daysAgo(pushedDaysAgo),
  pullTime: pulledDaysAgo === null ? null : daysAgo(pulledDaysAgo),
  immutable,
});

const rule = (template: string, n: number | undefined, tagPattern = '**', extras = '', repoPattern = '**', decoration = 'matches'): RetentionRule => ({
  action: 'retain',
  template,
  params: n === undefined ? {} : { [template]: n },
  tag_selectors: [{ kind: 'doublestar', decoration, pattern: tagPattern, extras }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repoPattern }] },
});

const repo = [
  candidate(1, ['v1'], 50, 1),
  candidate(2, ['v2'], 40, null),
  candidate(3, ['v3', 'stable'], 30, 20),
  candidate(4, ['v4'], 2, null),
  candidate(5, ['dev-5'], 1, null),
  candidate(6, [], 60, 3),
];
const kept = (rules: RetentionRule[], name = 'app', list = repo) => [...evaluateRepository(rules, name, list, NOW).retained].sort();

describe('retention rules', () => {
  test('each template retains what Harbor\'s does', () => {
    expect(kept([rule('latestPushedK', 2)])).toEqual([4, 5]);
    // Pulled most recently first; never pulled last; untagged only with extras.
    expect(kept([rule('latestPulledN', 2)])).toEqual([1, 3]);
    expect(kept([rule('nDaysSinceLastPush', 35)])).toEqual([3, 4, 5]);
    expect(kept([rule('nDaysSinceLastPull', 7)])).toEqual([1]);
    expect(kept([rule('always', undefined)])).toEqual([1, 2, 3, 4, 5]);
  });

  test('tag selectors: matches, excludes, untagged; rules are OR-ed', () => {
    expect(kept([rule('always', undefined, 'v*')])).toEqual([1, 2, 3, 4]);
    expect(kept([rule('always', undefined, 'v*', '', '**', 'excludes')])).toEqual([3, 5]);
    expect(kept([rule('nDaysSinceLastPull', 7, '**', '{"untagged":true}')])).toEqual([1, 6]);
    expect(kept([rule('latestPushedK', 1), rule('nDaysSinceLastPull', 7)])).toEqual([1, 5]);
    // A disabled rule retains nothing.
    expect(kept([{ ...rule('always', undefined), disabled: true }, rule('latestPushedK', 1)])).toEqual([5]);
  });

  test('repository selectors decide whether a repository is touched; immutable artifacts always stay', () => {
    expect(evaluateRepository([rule('always', undefined, '**', '', 'web/**')], 'app', repo, NOW).selected).toBe(false);
    expect(evaluateRepository([rule('always', undefined, '**', '', 'web/**')], 'web/front', repo, NOW).selected).toBe(true);
    const excluded = { ...rule('latestPushedK', 1), scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoExcludes', pattern: 'app' }] } };
    expect(evaluateRepository([excluded], 'app', repo, NOW).selected).toBe(false);
    const withImmutable = repo.map((c) => (c.id === 2 ? { ...c, immutable: true } : c));
    const verdict = evaluateRepository([rule('latestPushedK', 1)], 'app', withImmutable, NOW);
    expect([...verdict.retained].sort()).toEqual([2, 5]);
    expect(verdict.reasons.get(2)).toEqual(['immutable']);
    expect(verdict.reasons.get(5)).toEqual(['rule 1']);
  });

  test('invalid rules are named by their field', () => {
    expect(rulesProblem([{ ...rule('latestPushedK', 1), template: 'newest' }])?.field).toBe('rules[0].template');
    expect(rulesProblem([rule('latestPushedK', -1)])).toEqual({ message: 'rules[0].params.latestPushedK must be a whole number from 0.', field: 'rules[0].params.latestPushedK' });
    expect(rulesProblem([rule('always', undefined, '**', '', '**', 'keeps')])?.field).toBe('rules[0].tag_selectors[0].decoration');
    expect(rulesProblem([rule('always', undefined), rule('always', undefined)])?.message).toBe('rules[1] is the same as rules[0].');
    expect(rulesProblem(Array.from({ length: 16 }, (_, i) => rule('latestPushedK', i)))?.field).toBe('rules');
    expect(rulesProblem([rule('latestPushedK', 3), rule('nDaysSinceLastPull', 7)])).toBeNull();
  });
});
