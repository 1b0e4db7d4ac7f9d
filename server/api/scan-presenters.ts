/** Scanner registrations and scan overviews in Harbor's JSON (ScannerRegistration, NativeReportSummary). */
import type { z } from 'zod';
import type { ReportOverview } from '../core/scanning/report.repository.js';
import { MASKED_CREDENTIAL, type ScannerView } from '../core/scanning/scanner.service.js';
import type { ScannerRegistration } from './contracts/scanners.js';
import type { NativeReportSummary } from './contracts/scans.js';
import { jsonObject } from '../lib/json-object.js';

type Out<S extends z.ZodType> = z.output<S>;

export const scannerJson = ({ row, metadata, health }: ScannerView): Out<typeof ScannerRegistration> => ({
  uuid: row.uuid,
  name: row.name,
  description: row.description,
  url: row.url,
  disabled: row.disabled === 1,
  is_default: row.is_default === 1,
  auth: row.auth,
  access_credential: row.access_credential ? MASKED_CREDENTIAL : '',
  skip_certVerify: row.skip_cert_verify === 1,
  use_internal_addr: row.use_internal_addr === 1,
  create_time: row.creation_time,
  update_time: row.update_time,
  health,
  ...(metadata
    ? {
        adapter: metadata.scanner.name ?? '',
        vendor: metadata.scanner.vendor ?? '',
        version: metadata.scanner.version ?? '',
        capabilities: {
          support_vulnerability: metadata.capabilities.some((c) => (c.type ?? 'vulnerability') === 'vulnerability'),
          support_sbom: metadata.capabilities.some((c) => c.type === 'sbom'),
        },
      }
    : {}),
});

const seconds = (from: string, to: string | null) => Math.max(0, Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000));

export const reportSummaryJson = (r: ReportOverview): Out<typeof NativeReportSummary> => ({
  report_id: r.uuid,
  scan_status: r.status,
  severity: r.severity,
  duration: seconds(r.start_time, r.end_time),
  ...(r.status === 'Success' ? { summary: { total: r.total, fixable: r.fixable, summary: jsonObject(r.summary) as Record<string, number> } } : {}),
  start_time: r.start_time,
  ...(r.end_time ? { end_time: r.end_time } : {}),
  complete_percent: r.status === 'Success' ? 100 : 0,
  scanner: jsonObject(r.scanner_info) as { name?: string; vendor?: string; version?: string },
});
