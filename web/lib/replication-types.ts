/**
 * Registries and replication as Harbor 2.16's swagger shapes them (tags registry and replication).
 * Written from the swagger while the server's contracts are being built; once they land, these
 * can be inferred from server/api/contracts like the rest of api-types.ts.
 */

export interface RegistryCredential {
  type?: string;
  access_key?: string;
  access_secret?: string;
}

export interface Registry {
  id: number;
  name: string;
  url: string;
  type: string;
  description?: string;
  insecure?: boolean;
  ca_certificate?: string | null;
  credential?: RegistryCredential;
  /** Harbor's health status: "healthy", "unhealthy" or "unknown". */
  status?: string;
  creation_time?: string;
  update_time?: string;
}

/** POST /registries: a Registry without id, status or times. */
export type RegistryCreate = Omit<Registry, 'id' | 'status' | 'creation_time' | 'update_time'>;

/** PUT /registries/{id}: every field optional; a left-out access_secret keeps the stored one. */
export interface RegistryUpdate {
  name?: string;
  description?: string;
  url?: string;
  credential_type?: string;
  access_key?: string;
  access_secret?: string;
  insecure?: boolean;
}

/** POST /registries/ping: typed values, or the id of a saved one with typed changes over it. */
export interface RegistryPing {
  id?: number;
  type?: string;
  url?: string;
  credential_type?: string;
  access_key?: string;
  access_secret?: string;
  insecure?: boolean;
}

export interface RegistryEndpointPattern {
  endpoint_type?: string;
  endpoints?: { key?: string; value?: string }[];
}

export interface RegistryProviderInfo {
  endpoint_pattern?: RegistryEndpointPattern;
  credential_pattern?: {
    access_key_type?: string;
    access_key_data?: string;
    access_secret_type?: string;
    access_secret_data?: string;
  };
}

export interface FilterStyle {
  type?: string;
  style?: string;
  values?: string[];
}

export interface RegistryInfo {
  type?: string;
  description?: string;
  supported_resource_filters?: FilterStyle[];
  supported_triggers?: string[];
}

export interface ReplicationFilter {
  /** "name", "tag", "label" or "resource". */
  type: string;
  value: string | string[];
  /** "matches" or "excludes" (tag and label filters). */
  decoration?: string;
}

export interface ReplicationTrigger {
  /** "manual", "scheduled" or "event_based". */
  type: string;
  trigger_settings?: { cron?: string };
}

export interface ReplicationPolicy {
  id: number;
  name: string;
  description?: string;
  /** Push rules have a destination registry, pull rules a source one; the other is absent or id 0. */
  src_registry?: Registry | null;
  dest_registry?: Registry | null;
  dest_namespace?: string;
  dest_namespace_replace_count?: number | null;
  trigger?: ReplicationTrigger | null;
  filters?: ReplicationFilter[] | null;
  replicate_deletion?: boolean;
  deletion?: boolean;
  override?: boolean;
  enabled?: boolean;
  creation_time?: string;
  update_time?: string;
  speed?: number | null;
  copy_by_chunk?: boolean | null;
  single_active_replication?: boolean | null;
}

/** The request body of POST and PUT /replication/policies: registries named by id. */
export type ReplicationPolicyRequest = Omit<ReplicationPolicy, 'id' | 'src_registry' | 'dest_registry' | 'creation_time' | 'update_time'> & {
  src_registry?: { id: number } | null;
  dest_registry?: { id: number } | null;
};

export interface ReplicationExecution {
  id: number;
  policy_id: number;
  /** InProgress, Succeed, Failed or Stopped (Harbor maps its job statuses to these). */
  status: string;
  trigger: string;
  start_time?: string;
  end_time?: string;
  status_text?: string;
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
}

export interface ReplicationTask {
  id: number;
  execution_id: number;
  /** Pending, InProgress, Succeed, Failed or Stopped. */
  status: string;
  job_id?: string;
  operation?: string;
  resource_type?: string;
  src_resource?: string;
  dst_resource?: string;
  start_time?: string;
  end_time?: string;
  /** Not in Harbor's swagger; shown when the server adds them. */
  bytes?: number;
  /** Berth: how long the task's last attempt ran, in milliseconds. */
  duration?: number;
  status_text?: string;
}
