/**
 * Harbor's vulnerability severities (pkg/scan/vuln/severity.go), lowest first, and the names
 * projects keep them under: the `severity` metadata is stored in lower case (low, high...),
 * reports use the capitalised words of the Scanner Adapter spec.
 */
export const SEVERITIES = ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Harbor's report MIME type for vulnerabilities (v1.1 of the Scanner Adapter spec). */
export const VULNERABILITY_REPORT_MIME = 'application/vnd.security.vulnerability.report; version=1.1';
/** The older native report type Harbor still accepts from adapters (spec v1.0). */
export const NATIVE_REPORT_MIME = 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0';

/** The rank of a severity word in any case; unknown words rank as Unknown. */
export function severityRank(word: string | undefined): number {
  const found = SEVERITIES.findIndex((s) => s.toLowerCase() === (word ?? '').toLowerCase());
  return found < 0 ? 1 : found;
}

/** The capitalised word for a severity in any case ('high' -> 'High'); Unknown when it is none of them. */
export function severityWord(word: string | undefined): Severity {
  return SEVERITIES[severityRank(word)]!;
}
