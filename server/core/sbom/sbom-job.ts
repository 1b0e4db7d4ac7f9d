/**
 * The SBOM job: one task per artifact, run by the job service's workers off the request path.
 * It reads the image's layers (image-inventory.ts), writes the CycloneDX document as the image's
 * SBOM accessory (sbom-accessory.ts), and records the packages for the registry-wide search and
 * the report for Harbor's sbom_overview. A report a newer request has replaced is left alone.
 */
import { randomUUID } from 'node:crypto';
import { isoNow } from '../../lib/time.js';
import { inTransaction } from '../../db/transaction.js';
import { isImageConfig } from '../artifacts/artifact-metadata.js';
import { parseManifest } from '../artifacts/manifest.js';
import type { CoreContext } from '../context.js';
import type { JobType, TaskRun, Trigger } from '../jobs/job-types.js';
import { invalid } from '../../lib/errors.js';
import { isReadableLayer } from '../layers/layer-files.js';
import { cycloneDx } from './cyclonedx.js';
import { inventoryOf } from './image-inventory.js';
import { findArtifactForSbom, replacePackages, startReport, updateReport } from './sbom.repository.js';
import { storeSbomAccessory } from './sbom-accessory.js';

export const SBOM_JOB = 'SBOM';
export const SBOM_VENDOR = 'SBOM';
/** Harbor names the robot that pushes its SBOMs; Berth's audit rows name the job. */
const SBOM_OPERATOR = 'system$sbom';

export interface SbomTaskParams {
  artifactId: number;
  reportId: string;
}

type Artifact = NonNullable<Awaited<ReturnType<typeof findArtifactForSbom>>>;

/** The image's manifest, or INVALID when the artifact is not a single image Berth can read the layers of. */
export function imageManifestOf(artifact: Pick<Artifact, 'manifest' | 'manifest_media_type' | 'media_type' | 'digest'>) {
  const manifest = parseManifest(Buffer.from(artifact.manifest), artifact.manifest_media_type);
  if (manifest.kind !== 'image' || !isImageConfig(manifest.config.mediaType)) {
    throw invalid(`${artifact.digest} is not a container image (it is ${artifact.media_type}); SBOMs are generated for images, one platform at a time.`, 'reference');
  }
  const unreadable = manifest.layers.find((l) => !isReadableLayer(l.mediaType));
  if (unreadable) throw invalid(`Layer ${unreadable.digest} of ${artifact.digest} is ${unreadable.mediaType}, which Berth cannot read.`, 'reference');
  return manifest;
}

/** Queues the artifact's SBOM generation: its report goes Pending under a new id, and one task is added. */
export async function queueSbom(ctx: Pick<CoreContext, 'db' | 'jobs'>, artifactId: number, trigger: Trigger, operator: string): Promise<string> {
  const reportId = randomUUID();
  await startReport(ctx.db, artifactId, reportId, isoNow());
  const executionId = await ctx.jobs.createExecution({ vendorType: SBOM_VENDOR, vendorId: artifactId, trigger, extraAttrs: { operator, report_id: reportId } });
  const params: SbomTaskParams = { artifactId, reportId };
  await ctx.jobs.addTasks(executionId, [{ jobType: SBOM_JOB, params: { ...params } }]);
  await ctx.jobs.sealExecution(executionId);
  return reportId;
}

async function generate(ctx: CoreContext, run: TaskRun, params: SbomTaskParams): Promise<void> {
  const artifact = await findArtifactForSbom(ctx.db, params.artifactId);
  if (!artifact) return run.log.info(`artifact ${params.artifactId} is gone; nothing to do`);
  if (!(await updateReport(ctx.db, artifact.artifact_id, params.reportId, { status: 'Running' }))) {
    return run.log.info('a newer SBOM request replaced this one');
  }
  const manifest = imageManifestOf(artifact);
  const started = Date.now();
  const packages = await inventoryOf(ctx.blobs, manifest.layers, run.signal);
  const bytesRead = manifest.layers.reduce((sum, l) => sum + l.size, 0);
  run.log.info(`${packages.length} packages in ${manifest.layers.length} layers (${bytesRead} bytes) in ${Date.now() - started} ms`);
  const document = cycloneDx({ repository: artifact.repository_name, digest: artifact.digest }, packages, { version: ctx.version }, isoNow());
  const sbomDigest = await storeSbomAccessory(
    ctx,
    { name: SBOM_OPERATOR, clientIp: null },
    {
      repository: artifact.repository_name,
      repositoryId: artifact.repository_id,
      subject: { digest: artifact.digest, mediaType: artifact.manifest_media_type, size: Buffer.from(artifact.manifest).length },
    },
    Buffer.from(JSON.stringify(document)),
  );
  await inTransaction(ctx.db, async (trx) => {
    await replacePackages(trx, artifact.artifact_id, packages);
    await updateReport(trx, artifact.artifact_id, params.reportId, {
      status: 'Success',
      sbom_digest: sbomDigest,
      package_count: packages.length,
      bytes_read: bytesRead,
      end_time: isoNow(),
    });
  });
  await run.setExtraAttrs({ sbom_digest: sbomDigest, packages: packages.length, bytes_read: bytesRead });
}

export function sbomJob(ctx: CoreContext): JobType {
  return {
    name: SBOM_JOB,
    maxAttempts: 1,
    async run(run) {
      const params = run.params as unknown as SbomTaskParams;
      try {
        await generate(ctx, run, params);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run.log.error(`SBOM generation failed: ${message}`);
        await updateReport(ctx.db, params.artifactId, params.reportId, { status: 'Error', error: message, end_time: isoNow() });
        throw error;
      }
    },
  };
}
