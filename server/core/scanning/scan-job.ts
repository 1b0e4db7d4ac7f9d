/**
 * The IMAGE_SCAN job: one task per artifact scanned. As Harbor's scan job does, it gives the
 * adapter a short-lived registry token with pull on the one repository and the registry URL (the
 * external URL, or this process's own listener when the registration says use_internal_addr), so
 * the adapter pulls the image from Berth itself; it POSTs /api/v1/scan, then polls the report,
 * waiting as Refresh-After says, and stores the report with its figures.
 *
 * The adapter's scan request id is saved as soon as the adapter accepts: a task resumed after a
 * restart polls that request instead of asking for a second scan.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { PermanentJobError, TransientJobError } from '../jobs/job-errors.js';
import type { JobType, TaskRun } from '../jobs/job-types.js';
import { fetchMetadata, pollReport, requestScan, ScanAdapterError, type AdapterEndpoint } from './adapter-client.js';
import { figuresOf, vulnerabilitiesOf } from './report-summary.js';
import { findReportByUuid, updateReport } from './report.repository.js';
import { findScannerById } from './scanner.repository.js';
import { endpointOf } from './scanner.service.js';

export const SCAN_JOB = 'IMAGE_SCAN';
/** Berth signs the scanner's pull token for this subject; the pull check lets it through (Harbor's SkipPolicyChecking). */
export const SCANNER_SUBJECT_PREFIX = 'scanner$';
/** The longest wait between two polls, whatever Refresh-After says. */
const MAX_POLL_WAIT_S = 60;

export interface ScanTaskParams {
  reportUuid: string;
  scannerId: number;
  repository: string;
  digest: string;
  tag?: string;
  /** The manifest's media type, as the adapter's mime_type. */
  manifestMediaType: string;
}

function registryUrl(ctx: CoreContext, internal: boolean): string {
  if (internal && ctx.loopback) return ctx.loopback.url;
  return ctx.config.external_url;
}

async function runScan(ctx: CoreContext, run: TaskRun): Promise<void> {
  const p = run.params as unknown as ScanTaskParams;
  const report = await findReportByUuid(ctx.db, p.reportUuid);
  if (!report) {
    run.log.warn(`report ${p.reportUuid} is gone (the artifact or the scanner registration was deleted); nothing to do`);
    return;
  }
  const scanner = await findScannerById(ctx.db, p.scannerId);
  if (!scanner) throw new PermanentJobError(`the scanner registration ${p.scannerId} was deleted`);
  const endpoint: AdapterEndpoint = endpointOf(ctx, scanner);
  await updateReport(ctx.db, p.reportUuid, { status: 'Running', execution_id: run.executionId, task_id: run.taskId });
  try {
    const metadata = await fetchMetadata(endpoint, run.signal);
    await updateReport(ctx.db, p.reportUuid, { scanner_info: JSON.stringify({ name: metadata.scanner.name ?? '', vendor: metadata.scanner.vendor ?? '', version: metadata.scanner.version ?? '' }) });
    let requestId = report.scan_request_id;
    if (requestId) {
      run.log.info(`resuming: polling the adapter's scan request ${requestId} for ${p.repository}@${p.digest}`);
    } else {
      const url = registryUrl(ctx, scanner.use_internal_addr === 1);
      const subject = `${SCANNER_SUBJECT_PREFIX}${scanner.name}`;
      // Signed like every token of this Berth (30 minutes: long enough for the adapter to pull a large image).
      if (!ctx.loopback) throw new TransientJobError('the server is not listening yet');
      const { token } = ctx.loopback.mintToken([`repository:${p.repository}:pull`], subject);
      requestId = await requestScan(
        endpoint,
        {
          registry: { url, authorization: `Bearer ${token}` },
          artifact: { repository: p.repository, digest: p.digest, ...(p.tag ? { tag: p.tag } : {}), mime_type: p.manifestMediaType },
        },
        run.signal,
      );
      await updateReport(ctx.db, p.reportUuid, { scan_request_id: requestId });
      run.log.info(`${scanner.name} (${endpoint.url}) accepted the scan of ${p.repository}@${p.digest} as ${requestId}; it pulls from ${url}`);
    }
    for (;;) {
      const polled = await pollReport(endpoint, requestId, run.signal);
      if (polled.ready) {
        const vulnerabilities = vulnerabilitiesOf(polled.report);
        const figures = figuresOf(vulnerabilities);
        await updateReport(ctx.db, p.reportUuid, {
          status: 'Success',
          report: JSON.stringify(polled.report),
          severity: figures.severity,
          total: figures.total,
          fixable: figures.fixable,
          summary: JSON.stringify(figures.summary),
          end_time: isoNow(),
        });
        run.log.info(`report ready: ${figures.total} vulnerabilities (${figures.fixable} fixable), highest severity ${figures.severity}`);
        return;
      }
      const wait = Math.min(polled.retryAfterSeconds, MAX_POLL_WAIT_S);
      run.log.info(`report not ready; polling again in ${wait} s`);
      await delay(wait * 1000, undefined, { signal: run.signal });
    }
  } catch (err) {
    if (run.signal.aborted || err instanceof TransientJobError) throw err;
    if (err instanceof ScanAdapterError && (err.status === 0 || err.status >= 502)) throw new TransientJobError(err.message, { cause: err });
    await updateReport(ctx.db, p.reportUuid, { status: 'Error', end_time: isoNow() });
    throw new PermanentJobError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

export function scanJob(ctx: CoreContext): JobType {
  return { name: SCAN_JOB, maxAttempts: 3, run: (run) => runScan(ctx, run) };
}
