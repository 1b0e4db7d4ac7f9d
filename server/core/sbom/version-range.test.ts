import { describe, expect, test } from 'vitest';
import { compareDebianVersions, parseVersionRange } from './version-range.js';

describe('Debian version order (deb-version(7))', () => {
  // Pairs in ascending order, each checked both ways; the cases of dpkg's own test suite.
  const ascending: [string, string][] = [
    ['1.0', '1.1'],
    ['1.0~rc1', '1.0'],
    ['1.0', '1.0-1'],
    ['1.0-1', '1.0-1+deb12u1'],
    ['3.0.11-1~deb12u1', '3.0.11-1~deb12u2'],
    ['3.0.11-1~deb12u2', '3.0.11-1'],
    ['9.9', '1:0.1'],
    ['1.2a', '1.2.0'],
    ['2.36-9', '2.36-9+deb12u4'],
    ['1.0.9', '1.0.10'],
  ];
  test.each(ascending)('%s < %s', (a, b) => {
    expect(compareDebianVersions(a, b)).toBeLessThan(0);
    expect(compareDebianVersions(b, a)).toBeGreaterThan(0);
  });
  test('equal versions, leading zeros and an explicit zero epoch', () => {
    expect(compareDebianVersions('1.01', '1.1')).toBe(0);
    expect(compareDebianVersions('0:1.2-3', '1.2-3')).toBe(0);
  });
});

describe('version ranges', () => {
  test('Debian packages compare by dpkg rules, even when a version would read as semver', () => {
    const range = parseVersionRange('>=3.0.0 <3.1.0')!;
    expect(range.matches('3.0.11-1~deb12u2', 'deb')).toBe(true);
    expect(range.matches('3.1.0-1', 'deb')).toBe(false);
    expect(range.matches('1:3.0.0', 'deb')).toBe(false);
  });
  test('npm, Go and Python versions take any semver range; other versions fall back to dpkg order', () => {
    expect(parseVersionRange('^7.5.0')!.matches('7.6.3', 'npm')).toBe(true);
    expect(parseVersionRange('^7.5.0')!.matches('8.0.0', 'npm')).toBe(false);
    expect(parseVersionRange('>=1.19 <1.20')!.matches('1.19.8', 'golang')).toBe(true);
    expect(parseVersionRange('>=2.0 <3')!.matches('1.9rc1', 'pypi')).toBe(false);
    expect(parseVersionRange('>=2.0 <3')!.matches('2.1.post1', 'pypi')).toBe(true);
    expect(parseVersionRange('<1 || >=2')!.matches('2.1', 'pypi')).toBe(true);
    expect(parseVersionRange('3.0.11')!.matches('3.0.11', 'apk')).toBe(true);
  });
  test('text that is neither a semver range nor comparators is refused', () => {
    expect(parseVersionRange('>=1 $2')).toBeNull();
  });
});
