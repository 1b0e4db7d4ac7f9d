/**
 * Wiring SBOMs into the job service and the push events: SBOM tasks run on the workers, and a
 * push of an image into a project whose auto_sbom_generation metadata is "true" queues one
 * (Harbor's "SBOM generation" project setting). Accessories, indexes and other artifacts are not
 * images and get none, so the SBOM's own push does not start another.
 */
import type { BerthEvent } from '../events/bus.js';
import type { CoreContext } from '../context.js';
import { projectPolicyOf } from '../projects/project-policy.js';
import { isImageConfig } from '../artifacts/artifact-metadata.js';
import { queueSbom, sbomJob } from './sbom-job.js';
import { findPushedArtifact } from './sbom.repository.js';

async function onPush(ctx: CoreContext, event: Extract<BerthEvent, { type: 'artifact.pushed' }>): Promise<void> {
  if (!(await projectPolicyOf(ctx, event.projectId)).autoSbom) return;
  const artifact = await findPushedArtifact(ctx.db, event.repository, event.digest);
  if (!artifact || artifact.subject_digest || !isImageConfig(artifact.media_type)) return;
  await queueSbom(ctx, artifact.artifact_id, 'EVENT_BASED', event.operator);
}

export function registerSbom(ctx: CoreContext): void {
  ctx.jobs.register(sbomJob(ctx));
  ctx.events.on('artifact.pushed', (event) =>
    onPush(ctx, event).catch((err: unknown) => ctx.loggers.jobservice.error({ err, digest: event.digest }, 'the SBOM of a pushed image was not queued')),
  );
}
