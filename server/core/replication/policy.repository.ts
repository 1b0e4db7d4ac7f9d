/** Rows of `replication_policies`, mapped to ReplicationPolicy; filters and flags decoded here. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReplicationPolicyRow } from '../../db/schema.js';
import { orConflict } from '../../db/db-errors.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import type { ReplicationFilter } from './filters.js';

type Db = Kysely<Database> | Transaction<Database>;

export const TRIGGER_TYPES = ['manual', 'scheduled', 'event_based'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** What a rule says, as the service and the API's presenter use it. */
export interface PolicyFields {
  name: string;
  description: string;
  /** null: this Berth is the source (a push rule). */
  srcRegistryId: number | null;
  /** null: this Berth is the destination (a pull rule). */
  destRegistryId: number | null;
  destNamespace: string;
  destNamespaceReplaceCount: number;
  trigger: { type: TriggerType; cron: string };
  filters: ReplicationFilter[];
  replicateDeletion: boolean;
  override: boolean;
  enabled: boolean;
  /** KB/s per task; 0 unlimited. */
  speed: number;
  copyByChunk: boolean;
  singleActiveReplication: boolean;
}

export interface ReplicationPolicy extends PolicyFields {
  id: number;
  creator: string;
  creationTime: string;
  updateTime: string;
}

function parseFilters(text: string): ReplicationFilter[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as ReplicationFilter[]) : [];
  } catch {
    return [];
  }
}

const toPolicy = (row: ReplicationPolicyRow): ReplicationPolicy => ({
  id: row.id,
  name: row.name,
  description: row.description,
  creator: row.creator,
  srcRegistryId: row.src_registry_id,
  destRegistryId: row.dest_registry_id,
  destNamespace: row.dest_namespace,
  destNamespaceReplaceCount: row.dest_namespace_replace_count,
  trigger: { type: row.trigger_type as TriggerType, cron: row.trigger_cron },
  filters: parseFilters(row.filters),
  replicateDeletion: row.replicate_deletion === 1,
  override: row.override === 1,
  enabled: row.enabled === 1,
  speed: row.speed,
  copyByChunk: row.copy_by_chunk === 1,
  singleActiveReplication: row.single_active_replication === 1,
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

const toRow = (fields: PolicyFields) => ({
  name: fields.name,
  description: fields.description,
  src_registry_id: fields.srcRegistryId,
  dest_registry_id: fields.destRegistryId,
  dest_namespace: fields.destNamespace,
  dest_namespace_replace_count: fields.destNamespaceReplaceCount,
  trigger_type: fields.trigger.type,
  trigger_cron: fields.trigger.type === 'scheduled' ? fields.trigger.cron : '',
  filters: JSON.stringify(fields.filters),
  replicate_deletion: fields.replicateDeletion ? 1 : 0,
  override: fields.override ? 1 : 0,
  enabled: fields.enabled ? 1 : 0,
  speed: fields.speed,
  copy_by_chunk: fields.copyByChunk ? 1 : 0,
  single_active_replication: fields.singleActiveReplication ? 1 : 0,
});

const nameTaken = (name: string) => `A replication rule named ${name} already exists.`;

export async function insertPolicy(db: Db, fields: PolicyFields, creator: string, now: string): Promise<ReplicationPolicy> {
  const row = await orConflict(
    () =>
      db
        .insertInto('replication_policies')
        .values({ ...toRow(fields), creator, creation_time: now, update_time: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    nameTaken(fields.name),
  );
  return toPolicy(row);
}

export async function updatePolicyRow(db: Db, id: number, fields: PolicyFields, now: string): Promise<void> {
  await orConflict(
    () =>
      db
        .updateTable('replication_policies')
        .set({ ...toRow(fields), update_time: now })
        .where('id', '=', id)
        .execute(),
    nameTaken(fields.name),
  );
}

export async function deletePolicyRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('replication_policies').where('id', '=', id).execute();
}

export async function findPolicy(db: Db, id: number): Promise<ReplicationPolicy | undefined> {
  const row = await db.selectFrom('replication_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPolicy(row);
}

/** Enabled rules whose source is this Berth and whose trigger is the given one (event-based replication). */
export async function findLocalSourcePolicies(db: Db, trigger: TriggerType): Promise<ReplicationPolicy[]> {
  const rows = await db
    .selectFrom('replication_policies')
    .selectAll()
    .where('src_registry_id', 'is', null)
    .where('trigger_type', '=', trigger)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map(toPolicy);
}

/** The names of the rules that use a registry, as source or destination (its deletion is refused while any does). */
export async function policyNamesUsingRegistry(db: Db, registryId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('replication_policies')
    .select('name')
    .where((eb) => eb.or([eb('src_registry_id', '=', registryId), eb('dest_registry_id', '=', registryId)]))
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

/** The fields the policy list offers in q and sort (Harbor's names). */
export const POLICY_LIST: ListSpec = {
  items: 'replication policies',
  fields: {
    name: { column: 'name', type: 'string', sort: true, unique: true },
    id: { column: 'id', type: 'int', sort: true, unique: true },
    enabled: { column: 'enabled', type: 'bool' },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
  },
  defaultSort: '-creation_time',
  tieBreaker: 'id',
};

export async function listPolicyRows(db: Db, query: ListQuery): Promise<Page<ReplicationPolicy>> {
  const page = await pageOf(db, db.selectFrom('replication_policies'), query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map(toPolicy) };
}
