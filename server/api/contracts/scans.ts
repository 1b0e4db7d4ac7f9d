/**
 * Scans (Harbor's scan and scanAll tags) and the vulnerabilities addition: Harbor's ScanType,
 * NativeReportSummary, VulnerabilitySummary and Stats. A report's overview and the addition are
 * keyed by Harbor's report MIME type, application/vnd.security.vulnerability.report; version=1.1.
 */
import { z } from 'zod';
import { errorResponses } from './common.js';
import { Schedule } from './gc.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';
import { Scanner } from './scanners.js';

export const VulnerabilitySummary = z
  .object({
    total: z.int(),
    fixable: z.int(),
    summary: z.record(z.string(), z.int()).describe('Counts by severity (Critical, High, Medium, Low, Negligible, Unknown), those found only.'),
  })
  .meta({ id: 'VulnerabilitySummary' });

export const NativeReportSummary = z
  .object({
    report_id: z.string(),
    scan_status: z.string().describe('Pending, Running, Success, Error or Stopped.'),
    severity: z.string().describe('The highest severity found, None when none; empty until the report is in.'),
    duration: z.int().describe('Seconds the scan took (so far).'),
    summary: VulnerabilitySummary.optional(),
    start_time: z.string(),
    end_time: z.string().optional(),
    complete_percent: z.int(),
    scanner: Scanner.optional(),
  })
  .meta({ id: 'NativeReportSummary' });

export const ScanOverview = z.record(z.string(), NativeReportSummary).meta({ id: 'ScanOverview' });

const ScanType = z.object({ scan_type: z.enum(['vulnerability', 'sbom']).optional() }).meta({ id: 'ScanType' });

export const Stats = z
  .object({
    total: z.int(),
    completed: z.int(),
    metrics: z.record(z.string(), z.int()),
    ongoing: z.boolean(),
    trigger: z.string().describe('Manual, Schedule or Event; empty before the first scan all.'),
  })
  .meta({ id: 'Stats' });

/** Harbor's Schedule as GET answers it (a separate document id: the request's is shared with gc). */
const ScanAllSchedule = z
  .object({ id: z.int().optional(), status: z.string().optional(), creation_time: z.string().optional(), update_time: z.string().optional(), schedule: z.object({ type: z.string(), cron: z.string(), next_scheduled_time: z.string().optional() }) })
  .meta({ id: 'ScanAllSchedule' });

const referenceParams = repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag.') });
const base = '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}';
const ADMINS = 'system admins';

export const scanOperations = {
  scanArtifact: operation({
    id: 'scanArtifact',
    method: 'post',
    path: `${base}/scan`,
    summary: 'Scan an image with the project\'s scanner (a job; the overview shows its progress). 409 while a scan of it runs, 412 when no scanner is available.',
    tag: 'scan',
    access: 'scan:create (developers and up)',
    params: referenceParams,
    body: ScanType.optional(),
    responses: { 202: { description: 'Queued.' }, ...errorResponses(400, 401, 403, 404, 409, 412, 422) },
  }),
  stopScanArtifact: operation({
    id: 'stopScanArtifact',
    method: 'post',
    path: `${base}/scan/stop`,
    summary: 'Stop the running scan of an artifact; 422 when none runs.',
    tag: 'scan',
    access: 'scan:stop (developers and up)',
    params: referenceParams,
    body: ScanType.optional(),
    responses: { 202: { description: 'Stopping.' }, ...errorResponses(400, 401, 403, 404, 422) },
  }),
  getReportLog: operation({
    id: 'getReportLog',
    method: 'get',
    path: `${base}/scan/{report_id}/log`,
    summary: 'The log of the scan that made a report (text/plain).',
    tag: 'scan',
    access: 'scan:read',
    params: referenceParams.extend({ report_id: z.string().min(1).max(64) }),
    responses: { 200: { description: 'The log.', body: z.string() }, ...errorResponses(400, 401, 403, 404) },
  }),
  getVulnerabilitiesAddition: operation({
    id: 'getVulnerabilitiesAddition',
    method: 'get',
    path: `${base}/additions/vulnerabilities`,
    summary: 'The artifact\'s vulnerability report by the project\'s scanner, keyed by the report MIME type ({} before a report is in).',
    tag: 'artifact',
    access: 'artifact-addition:read',
    params: referenceParams,
    responses: { 200: { description: 'The report.', body: z.record(z.string(), z.unknown()) }, ...errorResponses(400, 401, 403, 404) },
  }),
  getScanAllSchedule: operation({
    id: 'getScanAllSchedule',
    method: 'get',
    path: '/system/scanAll/schedule',
    summary: 'The scan all schedule (schedule.type None when there is none).',
    tag: 'scanAll',
    access: ADMINS,
    responses: { 200: { description: 'The schedule.', body: ScanAllSchedule }, ...errorResponses(401, 403) },
  }),
  updateScanAllSchedule: operation({
    id: 'updateScanAllSchedule',
    method: 'put',
    path: '/system/scanAll/schedule',
    summary: 'Change the scan all schedule (None removes it; Manual runs now).',
    tag: 'scanAll',
    access: ADMINS,
    body: Schedule,
    responses: { 200: { description: 'Saved.' }, ...errorResponses(400, 401, 403, 409) },
  }),
  createScanAllSchedule: operation({
    id: 'createScanAllSchedule',
    method: 'post',
    path: '/system/scanAll/schedule',
    summary: 'Scan every image now (schedule.type Manual) or save the schedule; 409 while a scan all runs.',
    tag: 'scanAll',
    access: ADMINS,
    body: Schedule,
    responses: { 201: { description: 'Started or saved.', headers: ['Location'] }, ...errorResponses(400, 401, 403, 409) },
  }),
  stopScanAll: operation({
    id: 'stopScanAll',
    method: 'post',
    path: '/system/scanAll/stop',
    summary: 'Stop the running scan all.',
    tag: 'scanAll',
    access: ADMINS,
    responses: { 202: { description: 'Stopping.' }, ...errorResponses(400, 401, 403) },
  }),
  getLatestScanAllMetrics: operation({
    id: 'getLatestScanAllMetrics',
    method: 'get',
    path: '/scans/all/metrics',
    summary: 'The progress of the newest scan all.',
    tag: 'scanAll',
    access: ADMINS,
    responses: { 200: { description: 'Its figures.', body: Stats }, ...errorResponses(401, 403) },
  }),
  getLatestScheduledScanAllMetrics: operation({
    id: 'getLatestScheduledScanAllMetrics',
    method: 'get',
    path: '/scans/schedule/metrics',
    summary: 'The progress of the newest scheduled scan all (deprecated in Harbor).',
    tag: 'scanAll',
    access: ADMINS,
    responses: { 200: { description: 'Its figures.', body: Stats }, ...errorResponses(401, 403) },
  }),
};
