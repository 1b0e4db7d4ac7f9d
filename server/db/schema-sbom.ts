/** Table types of generated SBOMs (migration 2026_12_02_0022), kept apart from schema.ts as the job service's are. */
import type { Generated, Selectable } from 'kysely';

/** One artifact's SBOM generation: Harbor's sbom_overview. */
export interface SbomReportsTable {
  id: Generated<number>;
  artifact_id: number;
  report_id: string;
  /** Harbor's scan statuses: Pending, Running, Success, Error. */
  status: string;
  sbom_digest: string | null;
  error: string | null;
  package_count: Generated<number>;
  bytes_read: Generated<number>;
  start_time: string;
  end_time: string | null;
}

/** A package the artifact's SBOM lists. */
export interface SbomPackagesTable {
  id: Generated<number>;
  artifact_id: number;
  name: string;
  version: string;
  /** deb, apk, npm, pypi or golang (the purl type). */
  type: string;
  purl: string;
  license: Generated<string>;
}

export interface SbomTables {
  sbom_reports: SbomReportsTable;
  sbom_packages: SbomPackagesTable;
}

export type SbomReportRow = Selectable<SbomReportsTable>;
