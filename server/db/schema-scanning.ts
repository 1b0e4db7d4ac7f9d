/** Table types of vulnerability scanning (migration 2026_12_02_0023_scanning). */
import type { Generated, Selectable } from 'kysely';

export interface ScannersTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  description: Generated<string>;
  url: string;
  auth: Generated<string>;
  /** Sealed, or '' for none. */
  access_credential: Generated<string>;
  skip_cert_verify: Generated<number>;
  use_internal_addr: Generated<number>;
  disabled: Generated<number>;
  is_default: Generated<number>;
  creation_time: string;
  update_time: string;
}

export interface ProjectScannersTable {
  project_id: number;
  scanner_id: number;
}

export interface ScanReportsTable {
  id: Generated<number>;
  uuid: string;
  digest: string;
  scanner_id: number;
  mime_type: string;
  status: string;
  severity: Generated<string>;
  total: Generated<number>;
  fixable: Generated<number>;
  /** JSON object: severity -> count. */
  summary: Generated<string>;
  /** JSON {name, vendor, version}. */
  scanner_info: Generated<string>;
  scan_request_id: string | null;
  execution_id: number | null;
  task_id: number | null;
  report: string | null;
  start_time: string;
  end_time: string | null;
}

export interface ScanningTables {
  scanners: ScannersTable;
  project_scanners: ProjectScannersTable;
  scan_reports: ScanReportsTable;
}

export type ScannerRow = Selectable<ScannersTable>;
export type ScanReportRow = Selectable<ScanReportsTable>;
