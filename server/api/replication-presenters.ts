/** Replication rules, and the registries they name, in Harbor's JSON. */
import type { z } from 'zod';
import type { ReplicationFilter as Filter } from '../core/replication/filters.js';
import type { PolicyFields } from '../core/replication/policy.repository.js';
import type { ExecutionView, TaskView } from '../core/replication/executions.service.js';
import type { PolicyView } from '../core/replication/policy.service.js';
import { executionStatusWord, taskStatusWord, triggerWord } from '../core/replication/status-words.js';
import type { RegistryRef as Ref } from '../core/replication/registry-refs.js';
import { ZERO_TIME } from './contracts/common.js';
import type { RegistryRef, ReplicationExecution, ReplicationPolicy, ReplicationPolicyReq, ReplicationTask } from './contracts/replication.js';

type Out<S extends z.ZodType> = z.output<S>;

export const registryRefJson = (r: Ref): Out<typeof RegistryRef> => ({
  id: r.id,
  url: r.url,
  name: r.name,
  ...(r.credentialType || r.accessKey
    ? { credential: { type: r.credentialType, access_key: r.accessKey, access_secret: r.hasSecret ? '*****' : '' } }
    : {}),
  type: r.type,
  insecure: r.insecure,
  ...(r.caCertificate ? { ca_certificate: r.caCertificate } : {}),
  description: r.description,
  status: r.status,
  creation_time: r.creationTime,
  update_time: r.updateTime,
});

export const policyJson = ({ policy: p, source, destination }: PolicyView): Out<typeof ReplicationPolicy> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  src_registry: registryRefJson(source),
  dest_registry: registryRefJson(destination),
  dest_namespace: p.destNamespace,
  dest_namespace_replace_count: p.destNamespaceReplaceCount,
  trigger: { type: p.trigger.type, trigger_settings: { cron: p.trigger.cron } },
  filters: p.filters.map((f) => ({ type: f.type, value: f.value, ...(f.decoration ? { decoration: f.decoration } : {}) })),
  replicate_deletion: p.replicateDeletion,
  deletion: p.replicateDeletion,
  override: p.override,
  enabled: p.enabled,
  creation_time: p.creationTime,
  update_time: p.updateTime,
  speed: p.speed,
  copy_by_chunk: p.copyByChunk,
  single_active_replication: p.singleActiveReplication,
});

/** A create or update body as the rule it asks for, with Harbor's defaults for what it leaves out. */
export function policyFieldsOf(body: Out<typeof ReplicationPolicyReq>): PolicyFields {
  const registryId = (ref: { id: number } | null | undefined) => (ref && ref.id > 0 ? ref.id : null);
  return {
    name: body.name,
    description: body.description ?? '',
    srcRegistryId: registryId(body.src_registry),
    destRegistryId: registryId(body.dest_registry),
    destNamespace: body.dest_namespace ?? '',
    destNamespaceReplaceCount: body.dest_namespace_replace_count ?? -1,
    trigger: {
      type: (body.trigger?.type || 'manual') as PolicyFields['trigger']['type'],
      cron: body.trigger?.trigger_settings?.cron ?? '',
    },
    filters: (body.filters ?? []).map((f) => ({
      type: f.type as Filter['type'],
      value: f.value,
      ...(f.decoration ? { decoration: f.decoration as Filter['decoration'] } : {}),
    })),
    replicateDeletion: body.replicate_deletion ?? body.deletion ?? false,
    override: body.override ?? false,
    enabled: body.enabled ?? false,
    // Harbor reads a negative speed as no limit.
    speed: Math.max(body.speed ?? 0, 0),
    copyByChunk: body.copy_by_chunk ?? false,
    singleActiveReplication: body.single_active_replication ?? false,
  };
}

export const executionJson = ({ row, counts }: ExecutionView): Out<typeof ReplicationExecution> => ({
  id: row.id,
  policy_id: row.vendor_id,
  status: executionStatusWord(row.status),
  trigger: triggerWord(row.trigger),
  start_time: row.start_time,
  end_time: row.end_time ?? ZERO_TIME,
  status_text: row.status_message,
  total: counts.total,
  failed: counts.failed,
  succeed: counts.succeed,
  in_progress: counts.in_progress,
  stopped: counts.stopped,
});

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const whole = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? { value: Math.round(value) } : undefined);

export function taskJson({ row, attrs }: TaskView): Out<typeof ReplicationTask> {
  const bytes = whole(attrs.bytes);
  const duration = whole(attrs.duration_ms);
  return {
    id: row.id,
    execution_id: row.execution_id,
    status: taskStatusWord(row.status),
    job_id: String(row.id),
    operation: text(attrs.operation),
    resource_type: text(attrs.resource_type),
    src_resource: text(attrs.source_resource),
    dst_resource: text(attrs.destination_resource),
    start_time: row.start_time ?? ZERO_TIME,
    end_time: row.end_time ?? ZERO_TIME,
    ...(bytes ? { bytes: bytes.value } : {}),
    ...(duration ? { duration: duration.value } : {}),
    ...(row.status_message ? { status_text: row.status_message } : {}),
  };
}
