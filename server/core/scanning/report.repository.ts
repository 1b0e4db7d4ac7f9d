/**
 * Rows of `scan_reports`: one per artifact digest, registration and report MIME type. The
 * overview columns are read for artifact lists and the pull check; the report text only by the
 * vulnerabilities addition.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ScanReportRow } from '../../db/schema-scanning.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { ScanReportRow };

/** The overview of a report, without its text. */
export type ReportOverview = Omit<ScanReportRow, 'report'>;

const OVERVIEW = [
  'id',
  'uuid',
  'digest',
  'scanner_id',
  'mime_type',
  'status',
  'severity',
  'total',
  'fixable',
  'summary',
  'scanner_info',
  'scan_request_id',
  'execution_id',
  'task_id',
  'start_time',
  'end_time',
] as const;

export const findReportByUuid = (db: Db, uuid: string) => db.selectFrom('scan_reports').select(OVERVIEW).where('uuid', '=', uuid).executeTakeFirst();

export const findReport = (db: Db, digest: string, scannerId: number, mimeType: string) =>
  db.selectFrom('scan_reports').select(OVERVIEW).where('digest', '=', digest).where('scanner_id', '=', scannerId).where('mime_type', '=', mimeType).executeTakeFirst();

export async function reportText(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom('scan_reports').select('report').where('id', '=', id).executeTakeFirst();
  return row?.report ?? null;
}

/** The overviews of many digests by one registration: one query for a page of artifacts. */
export async function overviewsOf(db: Db, digests: string[], scannerId: number, mimeType: string): Promise<Map<string, ReportOverview>> {
  if (digests.length === 0) return new Map();
  const rows = await db.selectFrom('scan_reports').select(OVERVIEW).where('digest', 'in', digests).where('scanner_id', '=', scannerId).where('mime_type', '=', mimeType).execute();
  return new Map(rows.map((r) => [r.digest, r]));
}

/** Replaces any earlier report of the digest by this registration with a new Pending one. */
export async function startReport(db: Db, input: { uuid: string; digest: string; scannerId: number; mimeType: string; now: string }): Promise<void> {
  await db.deleteFrom('scan_reports').where('digest', '=', input.digest).where('scanner_id', '=', input.scannerId).where('mime_type', '=', input.mimeType).execute();
  await db
    .insertInto('scan_reports')
    .values({ uuid: input.uuid, digest: input.digest, scanner_id: input.scannerId, mime_type: input.mimeType, status: 'Pending', start_time: input.now })
    .execute();
}

export async function updateReport(db: Db, uuid: string, fields: Partial<Omit<ScanReportRow, 'id' | 'uuid'>>): Promise<void> {
  await db.updateTable('scan_reports').set(fields).where('uuid', '=', uuid).execute();
}

/** Ends a report that has not ended yet (a stopped or failed task), leaving finished ones alone. */
export async function endReportIfOpen(db: Db, uuid: string, status: string, now: string): Promise<void> {
  await db.updateTable('scan_reports').set({ status, end_time: now }).where('uuid', '=', uuid).where('status', 'in', ['Pending', 'Running']).execute();
}
