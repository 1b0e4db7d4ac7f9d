/**
 * Scanning one artifact as the API asks (Harbor's scan tag): start a scan (scan:create), stop it
 * (scan:stop), read a report's log (scan:read), and the vulnerabilities addition
 * (artifact-addition:read). Reports are those of the project's scanner: its own choice, else the
 * system default (project-scanner.service.ts).
 */
import { AppError, conflict, invalid, notFound, precondition, unprocessable } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { artifactFor } from '../artifacts/artifact-access.js';
import type { ArtifactRecord } from '../artifacts/artifact-list.repository.js';
import { isImageConfig } from '../artifacts/artifact-metadata.js';
import type { ArtifactListNames } from '../artifacts/artifact-views.js';
import { auditedBy, type Actor } from '../security/actor.js';
import { IMAGE_MANIFEST_TYPES } from './adapter-client.js';
import { effectiveScanner } from './project-scanner.service.js';
import { findReport, overviewsOf, reportText, type ReportOverview } from './report.repository.js';
import { queueScans, SCAN_VENDOR } from './scan-queue.js';
import { VULNERABILITY_REPORT_MIME } from './severity.js';

type Names = ArtifactListNames & { reference: string };

/** Whether Berth asks adapters to scan this artifact: an image manifest whose config is an image's. */
export const isScannable = (artifact: Pick<ArtifactRecord, 'manifestMediaType' | 'mediaType' | 'configDigest'>) =>
  artifact.configDigest !== null && IMAGE_MANIFEST_TYPES.includes(artifact.manifestMediaType) && isImageConfig(artifact.mediaType);

const OPEN = ['Pending', 'Running'];

export async function scanArtifactAs(ctx: CoreContext, actor: Actor, names: Names, scanType: string | undefined): Promise<void> {
  if (scanType !== undefined && scanType !== 'vulnerability') throw invalid(`scan_type ${scanType} is not offered; Berth scans for vulnerabilities`, 'scan_type');
  const { project, repository, artifact } = await artifactFor(ctx.db, actor, names, 'scan', 'create');
  if (!isScannable(artifact)) throw unprocessable(`${repository.name}@${artifact.digest} cannot be scanned: it is not a container image (an index's images are scanned one by one)`);
  const scanner = await effectiveScanner(ctx.db, project.id);
  if (!scanner) throw precondition(`no available scanner for project ${project.name}: register one (Interrogation Services) or choose one for the project`);
  const earlier = await findReport(ctx.db, artifact.digest, scanner.id, VULNERABILITY_REPORT_MIME);
  if (earlier && OPEN.includes(earlier.status)) throw conflict(`a previous scan process of ${repository.name}@${artifact.digest} is ${earlier.status}`);
  const tag = 'tag' in parseRef(names.reference) ? names.reference : undefined;
  await queueScans(ctx, { type: SCAN_VENDOR, id: artifact.id }, 'MANUAL', [
    { artifactId: artifact.id, repository: repository.name, digest: artifact.digest, tag, manifestMediaType: artifact.manifestMediaType, scannerId: scanner.id },
  ]);
  await ctx.audit.write(ctx.db, { projectId: project.id, operation: 'create', resourceType: 'scan', resource: `${repository.name}@${artifact.digest}`, ...auditedBy(actor) });
}

const parseRef = (reference: string) => (reference.includes(':') ? { digest: reference } : { tag: reference });

async function reportOf(ctx: CoreContext, projectId: number, digest: string): Promise<ReportOverview | undefined> {
  const scanner = await effectiveScanner(ctx.db, projectId);
  return scanner && findReport(ctx.db, digest, scanner.id, VULNERABILITY_REPORT_MIME);
}

export async function stopScanAs(ctx: CoreContext, actor: Actor, names: Names, scanType: string | undefined): Promise<void> {
  if (scanType !== undefined && scanType !== 'vulnerability') throw invalid(`scan_type ${scanType} is not offered; Berth scans for vulnerabilities`, 'scan_type');
  const { project, repository, artifact } = await artifactFor(ctx.db, actor, names, 'scan', 'stop');
  const report = await reportOf(ctx, project.id, artifact.digest);
  if (!report || !OPEN.includes(report.status) || report.task_id === null) throw unprocessable(`no scan of ${repository.name}@${artifact.digest} is running`);
  await ctx.jobs.stopTask(report.task_id);
  await ctx.audit.write(ctx.db, { projectId: project.id, operation: 'stop', resourceType: 'scan', resource: `${repository.name}@${artifact.digest}`, ...auditedBy(actor) });
}

export async function scanLogAs(ctx: CoreContext, actor: Actor, names: Names, reportId: string): Promise<string> {
  const { project, artifact } = await artifactFor(ctx.db, actor, names, 'scan', 'read');
  const report = await reportOf(ctx, project.id, artifact.digest);
  if (!report || report.uuid !== reportId || report.task_id === null) throw notFound(`the artifact has no scan report ${reportId}`);
  return ctx.jobs.readTaskLog(report.task_id);
}

/** Harbor's vulnerabilities addition: {<report MIME type>: report}, or {} before any report. */
export async function vulnerabilitiesAs(ctx: CoreContext, actor: Actor, names: Names): Promise<Record<string, unknown>> {
  const { project, artifact } = await artifactFor(ctx.db, actor, names, 'artifact-addition', 'read');
  const report = await reportOf(ctx, project.id, artifact.digest);
  if (!report || report.status !== 'Success') return {};
  const text = await reportText(ctx.db, report.id);
  if (!text) return {};
  try {
    return { [VULNERABILITY_REPORT_MIME]: JSON.parse(text) as unknown };
  } catch (err) {
    throw new AppError('UNAVAILABLE', 'the stored report cannot be read', { cause: err });
  }
}

/** The overviews of a page of one project's artifacts, by digest: one query, no report parsed. */
export async function scanOverviewsOf(db: CoreContext['db'], projectId: number, digests: string[]): Promise<Map<string, ReportOverview>> {
  const scanner = await effectiveScanner(db, projectId);
  return scanner ? overviewsOf(db, digests, scanner.id, VULNERABILITY_REPORT_MIME) : new Map();
}
