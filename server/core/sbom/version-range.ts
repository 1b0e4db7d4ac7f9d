/**
 * "Does this package version fall in that range?" across package ecosystems. npm, Go and most
 * Python versions are semantic versions, and the `semver` library decides for them with npm's
 * full range grammar (>=1.2 <2, ^1.2.3, 1.x, a || b). Debian and Alpine versions are not
 * (1:3.0.11-1~deb12u2, 1.36.1-r5): they are compared with dpkg's algorithm
 * (deb-version(7), lib/dpkg/version.c), and so is any version semver cannot read, against a
 * range made of plain comparators (>=, >, <=, <, = or a bare version; spaces for "and", || for
 * "or"). Known limits: apk orders suffixes such as _rc differently, and a Python pre-release
 * that semver cannot read (2.0rc1) sorts after 2.0 by dpkg's rules, not before as PEP 440 says.
 */
import semver from 'semver';

/** dpkg's ordering of one character: ~ before the end, the end before letters, letters before other marks. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c >= '0' && c <= '9') return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const diff = order(a[i]) - order(b[j]);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function split(version: string): { epoch: number; upstream: string; revision: string } {
  const colon = version.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 && epoch >= 0 && /^\d+$/.test(version.slice(0, colon)) ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in dpkg's order. */
export function compareDebianVersions(a: string, b: string): number {
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
}

type Comparator = { op: '>=' | '>' | '<=' | '<' | '='; version: string };

const COMPARATOR = /^(>=|<=|>|<|==|=)?([A-Za-z0-9.+~:_-]+)$/;

/** Plain comparators, or null when the range uses more than those (^, ~, x, hyphen ranges). */
function plainRange(range: string): Comparator[][] | null {
  const alternatives = range.split('||').map((part) => part.trim().split(/\s+/).filter(Boolean));
  if (alternatives.some((all) => all.length === 0)) return null;
  const parsed: Comparator[][] = [];
  for (const all of alternatives) {
    const comparators: Comparator[] = [];
    for (const word of all) {
      const match = COMPARATOR.exec(word);
      if (!match) return null;
      const op = (match[1] === '==' || !match[1] ? '=' : match[1]) as Comparator['op'];
      comparators.push({ op, version: match[2]! });
    }
    parsed.push(comparators);
  }
  return parsed;
}

export interface VersionRange {
  matches(version: string, type: string): boolean;
}

/** A range the query gives; null when it is neither a semver range nor plain comparators. */
export function parseVersionRange(range: string): VersionRange | null {
  const plain = plainRange(range);
  const semverRange = semver.validRange(range) ? range : null;
  if (!plain && !semverRange) return null;
  const byDpkgRules = (version: string) =>
    plain !== null &&
    plain.some((all) =>
      all.every(({ op, version: bound }) => {
        const c = compareDebianVersions(version, bound);
        return op === '=' ? c === 0 : op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c < 0;
      }),
    );
  return {
    matches(version, type) {
      if (type === 'deb' || type === 'apk') return byDpkgRules(version);
      const clean = semver.valid(version, { loose: true });
      if (clean && semverRange) return semver.satisfies(clean, semverRange);
      return byDpkgRules(version);
    },
  };
}
