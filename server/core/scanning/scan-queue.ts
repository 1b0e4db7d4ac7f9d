/**
 * Queuing scans: each artifact gets a fresh Pending report (replacing its earlier one by the
 * same registration) and a task of the IMAGE_SCAN job; a single scan is its own execution
 * (vendor IMAGE_SCAN, the artifact's id), scan all is one SCAN_ALL execution with a task per
 * artifact, as Harbor runs them. When an execution ends, reports its tasks left open (stopped,
 * or failed for good) take the task's status.
 */
import { randomUUID } from 'node:crypto';
import { jsonObject } from '../../lib/json-object.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import type { Trigger } from '../jobs/job-types.js';
import { endReportIfOpen, startReport, updateReport } from './report.repository.js';
import { SCAN_JOB, type ScanTaskParams } from './scan-job.js';
import { VULNERABILITY_REPORT_MIME } from './severity.js';

export const SCAN_VENDOR = 'IMAGE_SCAN';
export const SCAN_ALL_VENDOR = 'SCAN_ALL';

export interface ScanTarget {
  artifactId: number;
  repository: string;
  digest: string;
  tag?: string;
  manifestMediaType: string;
  scannerId: number;
}

type Deps = Pick<CoreContext, 'db' | 'jobs'>;

/** One execution for the targets; answers its id. */
export async function queueScans(deps: Deps, vendor: { type: string; id: number }, trigger: Trigger, targets: ScanTarget[], extraAttrs: Record<string, unknown> = {}): Promise<number> {
  const executionId = await deps.jobs.createExecution({ vendorType: vendor.type, vendorId: vendor.id, trigger, extraAttrs });
  const now = isoNow();
  const params: ScanTaskParams[] = [];
  for (const t of targets) {
    const reportUuid = randomUUID();
    await startReport(deps.db, { uuid: reportUuid, digest: t.digest, scannerId: t.scannerId, mimeType: VULNERABILITY_REPORT_MIME, now });
    params.push({ reportUuid, scannerId: t.scannerId, repository: t.repository, digest: t.digest, ...(t.tag ? { tag: t.tag } : {}), manifestMediaType: t.manifestMediaType });
  }
  const taskIds = params.length ? await deps.jobs.addTasks(executionId, params.map((p) => ({ jobType: SCAN_JOB, params: { ...p }, extraAttrs: { repository: p.repository, digest: p.digest } }))) : [];
  for (const [i, p] of params.entries()) await updateReport(deps.db, p.reportUuid, { execution_id: executionId, task_id: taskIds[i] ?? null });
  await deps.jobs.sealExecution(executionId);
  return executionId;
}

/** Gives each report its task's final status when the task ended without finishing the report. */
export async function settleReports(deps: Deps, executionId: number): Promise<void> {
  const now = isoNow();
  for (let page = 1; ; page++) {
    const { rows } = await deps.jobs.listTasks(executionId, {}, { page, pageSize: 100, sort: 'id' });
    for (const task of rows) {
      const uuid = jsonObject(task.params).reportUuid;
      if (typeof uuid === 'string' && ['Stopped', 'Error'].includes(task.status)) await endReportIfOpen(deps.db, uuid, task.status, now);
    }
    if (rows.length < 100) break;
  }
}
