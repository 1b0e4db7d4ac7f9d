/** Harbor's sbom_overview of an artifact, from its SBOM report row. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findReports, type SbomReportRow } from './sbom.repository.js';

type Db = Kysely<Database>;

/** Harbor's SBOMOverview. */
export interface SbomOverview {
  start_time: string;
  end_time?: string;
  scan_status: string;
  sbom_digest?: string;
  report_id: string;
  /** Seconds. */
  duration: number;
  /** Berth: packages the SBOM lists, and why generation failed. */
  package_count: number;
  error?: string;
}

export function overviewOf(report: SbomReportRow): SbomOverview {
  const end = report.end_time ? Date.parse(report.end_time) : null;
  return {
    start_time: report.start_time,
    ...(report.end_time ? { end_time: report.end_time } : {}),
    scan_status: report.status,
    ...(report.sbom_digest ? { sbom_digest: report.sbom_digest } : {}),
    report_id: report.report_id,
    duration: end === null ? 0 : Math.max(0, Math.round((end - Date.parse(report.start_time)) / 1000)),
    package_count: report.package_count,
    ...(report.error ? { error: report.error } : {}),
  };
}

/** The sbom_overview of each artifact that has a report. */
export async function sbomOverviews(db: Db, artifactIds: number[]): Promise<Map<number, SbomOverview>> {
  const reports = await findReports(db, artifactIds);
  return new Map([...reports].map(([id, report]) => [id, overviewOf(report)]));
}
