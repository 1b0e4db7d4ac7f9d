/**
 * Wiring scanning into Berth: the IMAGE_SCAN job type, the scan all schedule firing real runs,
 * reports settled when their execution ends, and auto_scan: a push of an image into a project
 * with auto_scan=true queues its scan from the event bus, after the push has been answered.
 */
import type { CoreContext } from '../context.js';
import { findArtifactRecord } from '../artifacts/artifact-list.repository.js';
import { projectPolicyOf } from '../projects/project-policy.js';
import { findRepositoryByName } from '../repositories/repository.repository.js';
import { effectiveScanner } from './project-scanner.service.js';
import { findReport } from './report.repository.js';
import { startScanAll } from './scan-all.service.js';
import { scanJob } from './scan-job.js';
import { queueScans, SCAN_ALL_VENDOR, SCAN_VENDOR, settleReports } from './scan-queue.js';
import { isScannable } from './scan.service.js';
import { VULNERABILITY_REPORT_MIME } from './severity.js';

async function autoScan(ctx: CoreContext, event: { projectId: number; repository: string; digest: string; tag?: string }): Promise<void> {
  if (!(await projectPolicyOf(ctx, event.projectId)).autoScan) return;
  const scanner = await effectiveScanner(ctx.db, event.projectId);
  if (!scanner) return;
  const repository = await findRepositoryByName(ctx.db, event.repository);
  const artifact = repository && (await findArtifactRecord(ctx.db, repository.id, { digest: event.digest }));
  if (!artifact || !isScannable(artifact)) return;
  // The same image pushed again (another tag): its report stands.
  const earlier = await findReport(ctx.db, artifact.digest, scanner.id, VULNERABILITY_REPORT_MIME);
  if (earlier && earlier.status !== 'Error' && earlier.status !== 'Stopped') return;
  await queueScans(ctx, { type: SCAN_VENDOR, id: artifact.id }, 'EVENT_BASED', [
    { artifactId: artifact.id, repository: event.repository, digest: artifact.digest, tag: event.tag, manifestMediaType: artifact.manifestMediaType, scannerId: scanner.id },
  ]);
}

export function registerScanning(ctx: CoreContext): void {
  ctx.jobs.register(scanJob(ctx));
  ctx.jobs.registerScheduleCallback(SCAN_ALL_VENDOR, () =>
    startScanAll(ctx, 'SCHEDULE')
      .then(() => undefined)
      .catch((err: Error) => ctx.loggers.jobservice.warn({ err: err.message }, 'scheduled scan all skipped')),
  );
  for (const vendor of [SCAN_VENDOR, SCAN_ALL_VENDOR]) {
    ctx.jobs.onExecutionFinished(vendor, (executionId) => {
      settleReports(ctx, executionId).catch((err: unknown) => ctx.loggers.jobservice.error({ err, executionId }, 'could not settle the scan reports'));
    });
  }
  ctx.events.on('artifact.pushed', (event) =>
    autoScan(ctx, event).catch((err: unknown) => ctx.loggers.jobservice.error({ err, repository: event.repository, digest: event.digest }, 'could not queue the scan on push')),
  );
}
