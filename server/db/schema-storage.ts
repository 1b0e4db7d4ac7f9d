/**
 * Table types of the maintained storage figures (migrations 2026_12_02_0020 and 0020b). Only
 * the triggers write these tables; the application reads them.
 */
import type { Generated } from 'kysely';

/** 'p' a project, 'r' a repository, 's' the whole system (scope_id 0). */
export type StorageScope = 'p' | 'r' | 's';

export interface StorageBlobRefsTable {
  scope: StorageScope;
  scope_id: number;
  blob_id: number;
  refs: number;
}

export interface BlobUsageTable {
  blob_id: number;
  artifact_refs: number;
  repository_refs: number;
  project_refs: number;
}

interface StorageFigures {
  artifact_count: Generated<number>;
  manifest_bytes: Generated<number>;
  blob_bytes: Generated<number>;
  unique_blob_bytes: Generated<number>;
  logical_blob_bytes: Generated<number>;
  stored_blob_bytes: Generated<number>;
}

export interface StorageCountersTable extends StorageFigures {
  scope: StorageScope;
  scope_id: number;
}

/** PostgreSQL's pending changes to storage_counters (see the migration). */
export interface StorageCounterDeltasTable extends StorageFigures {
  id: Generated<number>;
  scope: StorageScope;
  scope_id: number;
}

export interface StorageTables {
  storage_blob_refs: StorageBlobRefsTable;
  blob_usage: BlobUsageTable;
  storage_counters: StorageCountersTable;
  storage_counter_deltas: StorageCounterDeltasTable;
}
