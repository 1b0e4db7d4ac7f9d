/**
 * From bus events to deliveries (Harbor's controller/event/handler/webhook): for each event the
 * project's enabled policies subscribed to its type get one delivery per target. Policies are
 * cached per project for a few seconds, so a pull costs no query when nobody listens; a change
 * through this process drops its project's entry at once.
 */
import { findProjectById } from '../projects/project.repository.js';
import { findRepositoryByName } from '../repositories/repository.repository.js';
import type { ArtifactEventBase, BerthEvent, QuotaEventBase } from '../events/bus.js';
import type { CoreContext } from '../context.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { registerDeliveryJobs, queueDeliveries } from './delivery.js';
import type { WebhookEventType } from './event-types.js';
import { unixSeconds, type HarborPayload, type PayloadRepository } from './payloads.js';
import { policiesFor, type WebhookPolicy } from './policy.repository.js';
import { replicationPayloads } from './replication-payload.js';

const POLICY_CACHE_MS = 5_000;
const policyCaches = new WeakMap<CoreContext, TtlCache<string, WebhookPolicy[]>>();

function cacheOf(ctx: CoreContext): TtlCache<string, WebhookPolicy[]> {
  let cache = policyCaches.get(ctx);
  if (!cache) policyCaches.set(ctx, (cache = new TtlCache(10_000, POLICY_CACHE_MS)));
  return cache;
}

/** After a policy of the project changed here: the next event reads the table again. */
export function forgetPolicies(ctx: CoreContext, projectId: number): void {
  cacheOf(ctx).deleteWhere((key) => key.startsWith(`${projectId}:`));
}

async function subscribed(ctx: CoreContext, projectId: number, type: WebhookEventType): Promise<WebhookPolicy[]> {
  const key = `${projectId}:${type}`;
  const cache = cacheOf(ctx);
  const hit = cache.get(key);
  if (hit) return hit;
  const policies = await policiesFor(ctx.db, ctx.secretBox, projectId, type);
  cache.set(key, policies);
  return policies;
}

const hostOf = (ctx: CoreContext) => new URL(ctx.config.external_url).host;

async function repositoryOf(ctx: CoreContext, projectName: string, isPublic: boolean, fullName: string): Promise<PayloadRepository> {
  const row = await findRepositoryByName(ctx.db, fullName);
  return {
    ...(row ? { date_created: unixSeconds(row.creationTime) } : {}),
    name: fullName.slice(projectName.length + 1),
    namespace: projectName,
    repo_full_name: fullName,
    repo_type: isPublic ? 'public' : 'private',
  };
}

async function artifactPayload(ctx: CoreContext, type: WebhookEventType, event: ArtifactEventBase): Promise<HarborPayload | undefined> {
  const project = await findProjectById(ctx.db, event.projectId);
  if (!project) return undefined;
  const reference = event.tag ?? event.digest;
  const separator = event.tag ? ':' : '@';
  return {
    type,
    occur_at: unixSeconds(event.at),
    operator: event.operator,
    event_data: {
      resources: [{ digest: event.digest, tag: reference, resource_url: `${hostOf(ctx)}/${event.repository}${separator}${reference}` }],
      repository: await repositoryOf(ctx, project.name, project.public, event.repository),
    },
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function quotaPayload(ctx: CoreContext, type: WebhookEventType, event: QuotaEventBase): Promise<HarborPayload | undefined> {
  const project = await findProjectById(ctx.db, event.projectId);
  if (!project) return undefined;
  const details =
    type === 'QUOTA_EXCEED'
      ? `storage usage of ${mib(event.usage)} would exceed the configured upper limit of ${mib(event.limit)}`
      : `storage usage of ${mib(event.usage)} is near the configured upper limit of ${mib(event.limit)}`;
  return {
    type,
    occur_at: unixSeconds(event.at),
    operator: event.operator,
    event_data: {
      ...(event.digest ? { resources: [{ digest: event.digest }] } : {}),
      repository: await repositoryOf(ctx, project.name, project.public, event.repository),
      custom_attributes: { Details: details },
    },
  };
}

type RetentionEvent = Extract<BerthEvent, { type: 'retention.finished' }>;

function retentionPayload(ctx: CoreContext, event: RetentionEvent): HarborPayload {
  return {
    type: 'TAG_RETENTION',
    occur_at: unixSeconds(event.at),
    operator: event.operator,
    event_data: {
      retention: {
        total: event.total,
        retained: event.retained,
        harbor_hostname: new URL(ctx.config.external_url).hostname,
        project_name: event.project,
        result: event.status,
        deleted_artifact: event.deleted.map((d) => ({
          type: 'image',
          status: event.status,
          name_tag: d.tags.length ? `${d.repository}:${d.tags[0]}` : `${d.repository}@${d.digest}`,
          references: d.tags,
        })),
      },
    },
  };
}

/** Queues the deliveries of one event in one project; failures are logged, never thrown to the bus. */
async function deliver(ctx: CoreContext, projectId: number, type: WebhookEventType, build: () => Promise<HarborPayload | undefined>): Promise<void> {
  const policies = await subscribed(ctx, projectId, type);
  if (policies.length === 0) return;
  const payload = await build();
  if (!payload) return;
  for (const policy of policies) await queueDeliveries(ctx, policy, payload);
}

export function registerWebhooks(ctx: CoreContext): void {
  registerDeliveryJobs(ctx);
  const artifact = (type: WebhookEventType) => (event: ArtifactEventBase) => deliver(ctx, event.projectId, type, () => artifactPayload(ctx, type, event));
  ctx.events.on('artifact.pushed', artifact('PUSH_ARTIFACT'));
  ctx.events.on('artifact.pulled', artifact('PULL_ARTIFACT'));
  ctx.events.on('artifact.deleted', artifact('DELETE_ARTIFACT'));
  const quota = (type: WebhookEventType) => (event: QuotaEventBase) => deliver(ctx, event.projectId, type, () => quotaPayload(ctx, type, event));
  ctx.events.on('quota.exceeded', quota('QUOTA_EXCEED'));
  ctx.events.on('quota.warning', quota('QUOTA_WARNING'));
  ctx.events.on('retention.finished', async (event) => {
    // Harbor sends nothing for a dry run, nor when nothing was deleted.
    if (event.dryRun || event.deleted.length === 0) return;
    await deliver(ctx, event.projectId, 'TAG_RETENTION', async () => retentionPayload(ctx, event));
  });
  ctx.events.on('replication.finished', async (event) => {
    for (const { projectId, payload } of await replicationPayloads(ctx, event)) await deliver(ctx, projectId, 'REPLICATION', async () => payload);
  });
}
