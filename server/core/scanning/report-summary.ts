/**
 * What a vulnerability report (the Scanner Adapter spec's HarborVulnerabilityReport) comes to:
 * Harbor's NativeReportSummary figures, computed once when the report arrives and kept beside it.
 */
import { severityRank, severityWord, SEVERITIES, type Severity } from './severity.js';

export interface Vulnerability {
  id: string;
  package?: string;
  version?: string;
  fix_version?: string;
  severity: Severity;
}

export interface ReportFigures {
  /** The highest severity found; None when the report lists nothing. */
  severity: Severity;
  total: number;
  fixable: number;
  /** Counts by severity word, only the severities found. */
  summary: Partial<Record<Severity, number>>;
}

/** The report's vulnerabilities, each with its severity word normalised; [] for anything unreadable. */
export function vulnerabilitiesOf(report: unknown): Vulnerability[] {
  const list = (report as { vulnerabilities?: unknown } | null)?.vulnerabilities;
  if (!Array.isArray(list)) return [];
  return list
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string')
    .map((v) => ({
      id: v.id as string,
      package: typeof v.package === 'string' ? v.package : undefined,
      version: typeof v.version === 'string' ? v.version : undefined,
      fix_version: typeof v.fix_version === 'string' ? v.fix_version : undefined,
      severity: severityWord(typeof v.severity === 'string' ? v.severity : 'Unknown'),
    }));
}

export function figuresOf(vulnerabilities: Vulnerability[]): ReportFigures {
  const summary: Partial<Record<Severity, number>> = {};
  let top = 0;
  let fixable = 0;
  for (const v of vulnerabilities) {
    summary[v.severity] = (summary[v.severity] ?? 0) + 1;
    top = Math.max(top, severityRank(v.severity));
    if (v.fix_version) fixable++;
  }
  return { severity: SEVERITIES[top]!, total: vulnerabilities.length, fixable, summary };
}

/** The vulnerabilities at or above `threshold` whose CVE the allowlist does not exempt (Harbor's GetVulnerable). */
export function blockingVulnerabilities(vulnerabilities: Vulnerability[], threshold: string, allowed: ReadonlySet<string>): Vulnerability[] {
  const floor = severityRank(threshold);
  return vulnerabilities.filter((v) => severityRank(v.severity) >= floor && !allowed.has(v.id));
}
