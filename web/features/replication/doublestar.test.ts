import { describe, expect, it } from 'vitest';
import { globMatcher, literalPart } from './doublestar';

const matches = (pattern: string, names: string[]) => names.filter(globMatcher(pattern));
const NAMES = ['library/alpine', 'library/team/app', 'apps/web', 'apps/web-v2', 'library', 'other/library/x'];

describe('globMatcher', () => {
  it('keeps * within one path segment and lets ** cross them', () => {
    expect(matches('library/*', NAMES)).toEqual(['library/alpine']);
    expect(matches('library/**', NAMES)).toEqual(['library/alpine', 'library/team/app', 'library']);
    expect(matches('**/x', NAMES)).toEqual(['other/library/x']);
    expect(matches('**', NAMES)).toEqual(NAMES);
  });

  it('understands ?, classes and alternatives', () => {
    expect(matches('apps/we?', NAMES)).toEqual(['apps/web']);
    expect(matches('apps/web{,-v2}', NAMES)).toEqual(['apps/web', 'apps/web-v2']);
    expect(matches('{library,apps}/[a-w]*', NAMES)).toEqual(['library/alpine', 'apps/web', 'apps/web-v2']);
    expect(matches('apps/[!w]*', NAMES)).toEqual([]);
  });

  it('matches everything when the pattern is empty, and a plain name only itself', () => {
    expect(matches('', NAMES)).toEqual(NAMES);
    expect(matches('apps/web', NAMES)).toEqual(['apps/web']);
    expect(globMatcher('v1.0')('v1x0')).toBe(false);
  });
});

describe('literalPart', () => {
  it('is the longest plain run, for the server-side query', () => {
    expect(literalPart('library/**')).toBe('library/');
    expect(literalPart('{a,bb}/c*')).toBe('/c');
    expect(literalPart('**')).toBe('');
  });
});
