import { describe, expect, test } from 'vitest';
import { compileFilters, filterProblem, globMatcher, specificNames, type CandidateArtifact, type ReplicationFilter } from './filters.js';

const artifact = (tags: string[], extra: Partial<CandidateArtifact> = {}): CandidateArtifact => ({
  digest: 'sha256:aa',
  tags,
  labels: [],
  ...extra,
});

describe('doublestar patterns, as Harbor matches them', () => {
  test.each([
    ['library/*', 'library/nginx', true],
    ['library/*', 'library/team/nginx', false],
    ['library/**', 'library/team/nginx', true],
    ['**', 'a/b/c', true],
    ['library/{nginx,redis}', 'library/redis', true],
    ['library/{nginx,redis}', 'library/mysql', false],
    ['library/ngin?', 'library/nginx', true],
    ['v1.[0-9]', 'v1.7', true],
    ['v1.*', 'v1.2.3', true],
    ['v1.*', 'v2.0', false],
    ['', 'anything/at/all', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(globMatcher(pattern)(text)).toBe(expected);
  });
});

describe('repository name filter', () => {
  test('matches keeps what matches; excludes keeps the rest; no filter keeps all', () => {
    const repos = ['library/nginx', 'library/redis', 'team/app/api'];
    const pick = (filters: ReplicationFilter[]) => repos.filter((r) => compileFilters(filters).repository(r));
    expect(pick([{ type: 'name', value: 'library/**' }])).toEqual(['library/nginx', 'library/redis']);
    expect(pick([{ type: 'name', value: 'library/**', decoration: 'excludes' }])).toEqual(['team/app/api']);
    expect(pick([{ type: 'name', value: '{team/**,library/redis}' }])).toEqual(['library/redis', 'team/app/api']);
    expect(pick([])).toEqual(repos);
  });
});

describe('tag filter', () => {
  test('keeps only the matching tags of an artifact, or drops the artifact', () => {
    const f = compileFilters([{ type: 'tag', value: 'v1.*', decoration: 'matches' }]);
    expect(f.artifact(artifact(['v1.0', 'v1.1', 'latest']))).toEqual(['v1.0', 'v1.1']);
    expect(f.artifact(artifact(['latest']))).toBeNull();
  });

  test('excludes keeps the tags that do not match', () => {
    const f = compileFilters([{ type: 'tag', value: '{latest,dev-*}', decoration: 'excludes' }]);
    expect(f.artifact(artifact(['latest', 'dev-1', 'v2']))).toEqual(['v2']);
    expect(f.artifact(artifact(['latest']))).toBeNull();
  });

  test('an untagged artifact is matched as the empty tag (kept by excludes, dropped by a pattern)', () => {
    expect(compileFilters([{ type: 'tag', value: 'v*' }]).artifact(artifact([]))).toBeNull();
    expect(compileFilters([{ type: 'tag', value: 'v*', decoration: 'excludes' }]).artifact(artifact([]))).toEqual([]);
    expect(compileFilters([]).artifact(artifact([]))).toEqual([]);
  });
});

describe('label and resource filters', () => {
  test('a label filter needs every label; excludes inverts it', () => {
    const labelled = artifact(['1'], { labels: ['prod', 'eu'] });
    expect(compileFilters([{ type: 'label', value: ['prod', 'eu'] }]).artifact(labelled)).toEqual(['1']);
    expect(compileFilters([{ type: 'label', value: ['prod', 'us'] }]).artifact(labelled)).toBeNull();
    expect(compileFilters([{ type: 'label', value: ['prod'], decoration: 'excludes' }]).artifact(labelled)).toBeNull();
    expect(compileFilters([{ type: 'label', value: ['prod'], decoration: 'excludes' }]).artifact(artifact(['1']))).toEqual(['1']);
    // A source that cannot tell labels (a plain registry) passes the filter: the copy cannot check it.
    expect(compileFilters([{ type: 'label', value: ['prod'] }]).artifact(artifact(['1'], { labels: undefined }))).toEqual(['1']);
  });

  test('resource image keeps images only; artifact keeps everything; an unknown type passes', () => {
    const image = compileFilters([{ type: 'resource', value: 'image' }]);
    expect(image.artifact(artifact(['1'], { type: 'IMAGE' }))).toEqual(['1']);
    expect(image.artifact(artifact(['1'], { type: 'SBOM' }))).toBeNull();
    expect(image.artifact(artifact(['1']))).toEqual(['1']);
    expect(compileFilters([{ type: 'resource', value: 'artifact' }]).artifact(artifact(['1'], { type: 'SBOM' }))).toEqual(['1']);
  });
});

describe('filterProblem', () => {
  test.each([
    [[{ type: 'colour', value: 'x' }], 'filters[0].type'],
    [[{ type: 'tag', value: ['a'] }], 'filters[0].value'],
    [[{ type: 'label', value: 'prod' }], 'filters[0].value'],
    [[{ type: 'resource', value: 'chart' }], 'filters[0].value'],
    [[{ type: 'resource', value: 'image', decoration: 'excludes' }], 'filters[0].decoration'],
    [[{ type: 'name', value: 'a' }, { type: 'tag', value: 'b', decoration: 'only' }], 'filters[1].decoration'],
    [[{ type: 'name', value: 'a' }, { type: 'name', value: 'b' }], 'filters[1].type'],
  ])('%j is refused naming %s', (filters, field) => {
    expect(filterProblem(filters as ReplicationFilter[])?.field).toBe(field);
  });

  test('valid filters pass', () => {
    expect(
      filterProblem([
        { type: 'name', value: 'library/**' },
        { type: 'tag', value: 'v*', decoration: 'excludes' },
        { type: 'label', value: ['a'] },
        { type: 'resource', value: 'image' },
      ]),
    ).toBeNull();
  });
});

describe('specificNames (a registry without a catalog)', () => {
  test.each([
    ['library/nginx', ['library/nginx']],
    ['library/{nginx,redis}', ['library/nginx', 'library/redis']],
    ['{a,b}/app-{x,y}', ['a/app-x', 'a/app-y', 'b/app-x', 'b/app-y']],
    ['library/*', null],
    ['library/**', null],
    ['', null],
    ['a/{b,{c,d}}', null],
  ])('%s: %j', (pattern, expected) => {
    expect(specificNames(pattern)).toEqual(expected);
  });
});
