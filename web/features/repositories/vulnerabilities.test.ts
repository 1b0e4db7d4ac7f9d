import { describe, expect, it } from 'vitest';
import type { ListParams } from '../../lib/list-params';
import { SEVERITIES, SEVERITY_CLASSES, severityCounts, summaryText, vulnerabilityPage, type Vulnerability } from './vulnerabilities';

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const params = (changes: Partial<ListParams> = {}): ListParams => ({ page: 1, pageSize: 15, filter: '', sort: 'severity', filters: {}, ...changes });

const finding = (id: string, severity: string, pkg = 'openssl'): Vulnerability => ({ id, severity, package: pkg, version: '1', description: `${id} in ${pkg}` });

describe('severity badges', () => {
  it('keep 4.5:1 between text and fill in the light and the dark theme', () => {
    for (const severity of SEVERITIES) {
      const found = /^bg-\[(#[0-9a-f]{6})\] text-\[(#[0-9a-f]{6})\] dark:bg-\[(#[0-9a-f]{6})\] dark:text-\[(#[0-9a-f]{6})\]$/.exec(SEVERITY_CLASSES[severity]);
      expect(found, severity).not.toBeNull();
      const [, lightFill, lightText, darkFill, darkText] = found!;
      expect(contrast(lightFill!, lightText!), `${severity} light`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(darkFill!, darkText!), `${severity} dark`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('count the severities found, most severe first; an unknown word counts as Unknown', () => {
    expect(severityCounts({ Low: 2, Critical: 1, Medium: 0, Weird: 1, Unknown: 1 })).toEqual([
      ['Critical', 1],
      ['Low', 2],
      ['Unknown', 2],
    ]);
    expect(summaryText(3, { Low: 2, Critical: 1 })).toBe('3 vulnerabilities: 1 critical, 2 low');
    expect(summaryText(1, { High: 1 })).toBe('1 vulnerability: 1 high');
  });
});

describe('a page of the report', () => {
  const report = [finding('CVE-2', 'Low', 'bash'), finding('CVE-1', 'Critical', 'zlib'), finding('CVE-3', 'High'), finding('CVE-4', 'Critical', 'curl')];

  it('sorts by severity, most severe first, then by id; and by id or package either way', () => {
    expect(vulnerabilityPage(report, params()).items.map((v) => v.id)).toEqual(['CVE-1', 'CVE-4', 'CVE-3', 'CVE-2']);
    expect(vulnerabilityPage(report, params({ sort: '-severity' })).items.map((v) => v.id)).toEqual(['CVE-2', 'CVE-3', 'CVE-4', 'CVE-1']);
    expect(vulnerabilityPage(report, params({ sort: '-id' })).items.map((v) => v.id)).toEqual(['CVE-4', 'CVE-3', 'CVE-2', 'CVE-1']);
    expect(vulnerabilityPage(report, params({ sort: 'package' })).items.map((v) => v.package)).toEqual(['bash', 'curl', 'openssl', 'zlib']);
  });

  it('filters by id, package or description and pages what is left', () => {
    expect(vulnerabilityPage(report, params({ filter: 'ZLIB' })).items.map((v) => v.id)).toEqual(['CVE-1']);
    const second = vulnerabilityPage(report, params({ page: 2, pageSize: 3 }));
    expect(second).toEqual({ items: [report[0]], total: 4 });
    expect(report.map((v) => v.id)).toEqual(['CVE-2', 'CVE-1', 'CVE-3', 'CVE-4']);
  });
});
