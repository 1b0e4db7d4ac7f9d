/**
 * REPLICATION payloads (Harbor's webhook/artifact/replication.go). A replication rule is not a
 * project's, so its end is told to the local projects its tasks touched: the source namespace of
 * a push rule, the destination namespace of a pull rule, one payload per project listing that
 * project's copied (successful_artifact) and failed (failed_artifact) resources.
 */
import type { BerthEvent } from '../events/bus.js';
import type { CoreContext } from '../context.js';
import { findProjectByName } from '../projects/project.repository.js';
import { findPolicy } from '../replication/policy.repository.js';
import { findRegistryRef } from '../replication/registry-refs.js';
import { unixSeconds, type HarborPayload } from './payloads.js';

type ReplicationFinished = Extract<BerthEvent, { type: 'replication.finished' }>;

interface ArtifactInfo {
  type: string;
  status: string;
  name_tag: string;
  references: string[];
}

const TASK_PAGE = 500;
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const namespaceOf = (resource: string) => (resource.includes('/') ? resource.split('/')[0]! : '');

export async function replicationPayloads(ctx: CoreContext, event: ReplicationFinished): Promise<Array<{ projectId: number; payload: HarborPayload }>> {
  const policy = await findPolicy(ctx.db, event.policyId);
  if (!policy) return [];
  const pushRule = policy.srcRegistryId === null;
  const remoteId = policy.srcRegistryId ?? policy.destRegistryId;
  const remote = remoteId ? await findRegistryRef(ctx.db, remoteId) : undefined;
  const execution = await ctx.jobs.getExecution(event.executionId);
  const local = { registry_type: 'harbor', endpoint: ctx.config.external_url };
  const remoteRes = { registry_name: remote?.name ?? '', registry_type: remote?.type ?? '', endpoint: remote?.url ?? '' };

  const byProject = new Map<string, { succeeded: ArtifactInfo[]; failed: ArtifactInfo[] }>();
  const { rows } = await ctx.jobs.listTasks(event.executionId, {}, { page: 1, pageSize: TASK_PAGE });
  for (const task of rows) {
    const attrs = JSON.parse(task.extra_attrs) as Record<string, unknown>;
    const source = text(attrs.source_resource);
    const destination = text(attrs.destination_resource);
    const localResource = pushRule ? source : destination;
    const project = namespaceOf(localResource);
    if (!project) continue;
    const entry = byProject.get(project) ?? { succeeded: [], failed: [] };
    const info = { type: text(attrs.resource_type) || 'image', status: task.status, name_tag: localResource.slice(project.length + 1), references: [] };
    (task.status === 'Success' ? entry.succeeded : entry.failed).push(info);
    byProject.set(project, entry);
  }

  const out: Array<{ projectId: number; payload: HarborPayload }> = [];
  for (const [name, artifacts] of byProject) {
    const project = await findProjectByName(ctx.db, name);
    if (!project) continue;
    const replication = {
      harbor_hostname: new URL(ctx.config.external_url).hostname,
      job_status: event.status,
      description: policy.description,
      policy_creator: policy.creator,
      override_mode: policy.override,
      trigger_type: event.trigger,
      execution_timestamp: execution ? unixSeconds(execution.start_time) : unixSeconds(event.at),
      execution_id: event.executionId,
      src_resource: pushRule ? { ...local, namespace: name } : { ...remoteRes },
      dest_resource: pushRule ? { ...remoteRes } : { ...local, namespace: name },
      ...(artifacts.succeeded.length ? { successful_artifact: artifacts.succeeded } : {}),
      ...(artifacts.failed.length ? { failed_artifact: artifacts.failed } : {}),
    };
    out.push({ projectId: project.id, payload: { type: 'REPLICATION', occur_at: unixSeconds(event.at), operator: event.operator, event_data: { replication } } });
  }
  return out;
}
