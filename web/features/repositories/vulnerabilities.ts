/**
 * Vulnerability reports as the console shows them: Harbor's scan overview of an artifact, the
 * severities in their order with their badge colours, and the client-side page of a report (the
 * vulnerabilities addition answers the whole report at once).
 */
import type { z } from 'zod';
import type * as scans from '../../../server/api/contracts/scans';
import type { Artifact } from '../../lib/api-types';
import type { ListParams } from '../../lib/list-params';
import type { Page } from '../../lib/pages';

/** The report MIME type Harbor keys overviews and the addition by (the pluggable scanner spec's). */
export const REPORT_MIME = 'application/vnd.security.vulnerability.report; version=1.1';

export type ScanOverview = z.output<typeof scans.NativeReportSummary>;

/** One finding of Harbor's vulnerability report (VulnerabilityItem). */
export interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fix_version?: string;
  severity: string;
  description?: string;
  links?: string[];
}

export interface VulnerabilityReport {
  generated_at?: string;
  severity?: string;
  scanner?: { name?: string; vendor?: string; version?: string };
  vulnerabilities?: Vulnerability[];
}

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Each severity's badge: a solid fill with its text, light theme then dark. Written out whole so
 * Tailwind finds the classes; vulnerabilities.test.ts checks every pair keeps 4.5:1.
 */
export const SEVERITY_CLASSES: Record<Severity, string> = {
  Critical: 'bg-[#9b1c1c] text-[#ffffff] dark:bg-[#ff7b72] dark:text-[#1a0505]',
  High: 'bg-[#c2410c] text-[#ffffff] dark:bg-[#ffa657] dark:text-[#1f0d00]',
  Medium: 'bg-[#f0b429] text-[#2b1d00] dark:bg-[#e3b341] dark:text-[#211700]',
  Low: 'bg-[#fde68a] text-[#3b2f00] dark:bg-[#f0e68c] dark:text-[#2a2400]',
  Negligible: 'bg-[#e5e7eb] text-[#374151] dark:bg-[#4b5563] dark:text-[#f3f4f6]',
  Unknown: 'bg-[#e5e7eb] text-[#374151] dark:bg-[#4b5563] dark:text-[#f3f4f6]',
};

/** 0 for Critical up to 5 for Unknown; a severity no scanner should send counts as Unknown. */
export function severityRank(severity: string): number {
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank < 0 ? SEVERITIES.length - 1 : rank;
}

export const asSeverity = (severity: string): Severity => SEVERITIES[severityRank(severity)]!;

/** The artifact's overview by its project's scanner, once a scan was asked for. */
export const overviewOf = (artifact: Pick<Artifact, 'scan_overview'>): ScanOverview | undefined => artifact.scan_overview?.[REPORT_MIME];

export const isScanning = (overview: ScanOverview | undefined) => overview?.scan_status === 'Pending' || overview?.scan_status === 'Running';

/** The severities found, most severe first, with how many of each. */
export function severityCounts(summary: Record<string, number> | undefined): [Severity, number][] {
  const counts = new Map<Severity, number>();
  for (const [severity, n] of Object.entries(summary ?? {})) if (n > 0) counts.set(asSeverity(severity), (counts.get(asSeverity(severity)) ?? 0) + n);
  return SEVERITIES.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** "4 vulnerabilities: 1 critical, 1 high, 2 low", for screen readers and titles. */
export function summaryText(total: number, summary: Record<string, number> | undefined): string {
  const parts = severityCounts(summary).map(([s, n]) => `${n} ${s.toLowerCase()}`);
  return `${total} ${total === 1 ? 'vulnerability' : 'vulnerabilities'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

type Compare = (a: Vulnerability, b: Vulnerability) => number;

/** The report's sort fields; severity sorts most severe first, then by id. */
const compareBy: Record<'severity' | 'id' | 'package', Compare> = {
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id),
  id: (a, b) => a.id.localeCompare(b.id),
  package: (a, b) => a.package.localeCompare(b.package) || a.id.localeCompare(b.id),
};

/** One page of the report as the list's parameters ask: filtered by id, package or description, sorted, sliced. */
export function vulnerabilityPage(vulnerabilities: Vulnerability[], params: ListParams): Page<Vulnerability> {
  const text = params.filter.trim().toLowerCase();
  const matching = text
    ? vulnerabilities.filter((v) => [v.id, v.package, v.description ?? ''].some((field) => field.toLowerCase().includes(text)))
    : [...vulnerabilities];
  const descending = params.sort.startsWith('-');
  const field = descending ? params.sort.slice(1) : params.sort;
  const compare = (compareBy as Partial<Record<string, Compare>>)[field] ?? compareBy.severity;
  matching.sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
  const start = (params.page - 1) * params.pageSize;
  return { items: matching.slice(start, start + params.pageSize), total: matching.length };
}
