/**
 * Table types, one interface per table, as the migrations create them. Columns are snake_case;
 * times are ISO-8601 UTC text; flags are integers 0/1 (the same in SQLite and PostgreSQL).
 * Repositories in server/core map rows to domain objects, so these types stop there.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JobTables } from './schema-jobs.js';
import type { RetentionTables } from './schema-retention.js';
import type { StorageTables } from './schema-storage.js';
import type { ScanningTables } from './schema-scanning.js';
import type { IntegrationTables } from './schema-integrations.js';
import type { LayerTables } from './schema-layers.js';
import type { SbomTables } from './schema-sbom.js';

export interface UsersTable {
  user_id: Generated<number>;
  username: string;
  /** Stored lower case; unique. */
  email: string | null;
  realname: Generated<string>;
  comment: Generated<string>;
  /** Null for directory (LDAP) users, who never sign in with a local password. */
  password_hash: string | null;
  sysadmin_flag: Generated<number>;
  /** 'db' or 'ldap'. */
  auth_source: Generated<string>;
  ldap_dn: string | null;
  /** Changes whenever the password does; sessions and reset tokens older than it are void. */
  password_changed_at: string | null;
  creation_time: string;
  update_time: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  session_id: string;
  user_id: number;
  csrf_token: string;
  creation_time: string;
  last_seen: string;
  expires_at: string;
  /** JSON array of the user_groups ids the user belonged to at sign-in. */
  group_ids: Generated<string>;
  /** 1 when the sign-in made the user a system admin through an admin group. */
  admin_in_auth: Generated<number>;
}

/** Harbor's user_group: 1 LDAP (by DN), 2 HTTP, 3 OIDC (by name, from the groups claim). */
export interface UserGroupsTable {
  id: Generated<number>;
  group_name: string;
  group_type: number;
  /** '' for groups that are not LDAP groups. */
  ldap_group_dn: Generated<string>;
  creation_time: string;
  update_time: string;
}

/** A user onboarded through OpenID Connect (Harbor's oidc_user). */
export interface OidcUsersTable {
  user_id: number;
  /** The ID token's sub and iss, concatenated: who the provider says this is. */
  subiss: string;
  /** The CLI secret, sealed with the secret key (the user sees it in the profile). */
  secret: string;
  /** The provider's token set (JSON), sealed; null until the first sign-in stores one. */
  token: string | null;
  /** JSON array of the user_groups ids from the last sign-in's groups claim. */
  group_ids: Generated<string>;
  creation_time: string;
  update_time: string;
}

export interface ProjectsTable {
  project_id: Generated<number>;
  name: string;
  owner_id: number;
  public: Generated<number>;
  /** JSON object of Harbor's string-valued project metadata, other than `public`. */
  metadata: Generated<string>;
  creation_time: string;
  update_time: string;
  /** Harbor's storage quota in bytes; -1 for none. */
  storage_limit: Generated<number>;
}

/** A project's CVE allowlist (Harbor's cve_allowlist table). */
export interface CveAllowlistsTable {
  id: Generated<number>;
  project_id: number;
  /** JSON array of {cve_id}. */
  items: Generated<string>;
  /** Seconds since the epoch; null: never expires. */
  expires_at: number | null;
  creation_time: string;
  update_time: string;
}

export interface ProjectMembersTable {
  id: Generated<number>;
  project_id: number;
  entity_id: number;
  /** 'u' user, 'g' group. */
  entity_type: string;
  /** Harbor's role ids: 1 project admin, 2 developer, 3 guest, 4 maintainer, 5 limited guest. */
  role: number;
  creation_time: string;
  update_time: string;
}

export interface SystemConfigTable {
  k: string;
  /** JSON text of the value; secrets are encrypted before they get here. */
  v: string;
  update_time: string;
}

export interface AuditLogsTable {
  id: Generated<number>;
  /** Null for events outside any project (users, sign-in, settings). */
  project_id: number | null;
  /** Harbor's verbs: create, delete, update, pull, login, logout ... */
  operation: string;
  operation_description: string;
  /** 1 when the operation succeeded. */
  operation_result: number;
  /** artifact, tag, repository, project, member, user, configuration ... */
  resource_type: string;
  resource: string;
  username: string;
  client_ip: string | null;
  op_time: string;
}

/** Audit rows per project (0: no project), kept by triggers (migrations 0027 and 0030). */
export interface AuditLogCountsTable {
  project_id: number;
  entries: number;
}

/** PostgreSQL's pending changes to audit_log_counts (see the migration). */
export interface AuditLogCountDeltasTable {
  id: Generated<number>;
  project_id: number;
  entries: number;
}

export interface LoginFailuresTable {
  /** A throttle scope of core/sessions/login-throttle.repository.ts ('account-address', 'address', ...). */
  scope: string;
  /** The user id (or the unknown principal) for accounts; the client IP for addresses. */
  key: string;
  failures: number;
  /** When the current counting window began. */
  window_start: string;
  last_failure: string;
  /** While in the future, sign-in is refused without checking the password. */
  locked_until: string | null;
}

/** A repository, `<project>/<name...>`; created by the first blob or manifest pushed into it. */
export interface RepositoriesTable {
  repository_id: Generated<number>;
  project_id: number;
  /** The full name (library/nginx, team/app/api); unique; sorts by bytes. */
  name: string;
  description: Generated<string>;
  pull_count: Generated<number>;
  creation_time: string;
  update_time: string;
}

/** Content the blob store holds, by digest (layers and configs; manifests live in artifacts). */
export interface BlobsTable {
  blob_id: Generated<number>;
  digest: string;
  size: number;
  creation_time: string;
  /**
   * Since when no artifact names the blob (null while one does); moved to now whenever a client
   * uploads, mounts or asks for it, so GC leaves blobs in use alone (server/core/gc/gc.ts).
   */
  unreferenced_at: Generated<string | null>;
}

/** Which repositories may serve which blob: an upload or a mount links it. */
export interface RepositoryBlobsTable {
  repository_id: number;
  blob_id: number;
  creation_time: string;
}

/** A manifest (image, index or any artifact) in a repository, stored byte for byte. */
export interface ArtifactsTable {
  artifact_id: Generated<number>;
  project_id: number;
  repository_id: number;
  digest: string;
  /** Harbor's kinds: IMAGE, CHART, CNAB, WASM, SBOM, CNAI, UNKNOWN. */
  type: string;
  /** The manifest's own media type (served as its Content-Type). */
  manifest_media_type: string;
  /** Harbor's media_type: the config's media type, or the manifest's for an index. */
  media_type: string;
  /** OCI artifactType: the manifest's, else its config's media type; null for an index without one. */
  artifact_type: string | null;
  manifest: Buffer;
  manifest_size: number;
  /** Bytes the artifact takes: the manifest, its config and layers, or an index and its children. */
  size: number;
  config_digest: string | null;
  /** The manifest's `subject`: what it refers to (referrers API). */
  subject_digest: string | null;
  /** JSON: architecture, os, created, author, config... from the image config (Harbor's extra_attrs). */
  extra_attrs: Generated<string>;
  /** JSON: the manifest's annotations. */
  annotations: Generated<string>;
  push_time: string;
  pull_time: string | null;
  pull_count: Generated<number>;
}

/** The blobs (config and layers) an artifact's manifest names. */
export interface ArtifactBlobsTable {
  artifact_id: number;
  blob_id: number;
  /** The artifact's project and push time, set and kept by triggers (migration 0031): the layer lists read them here. */
  project_id: Generated<number>;
  push_time: Generated<string>;
}

/** An index's children, with the platform each is for. */
export interface ArtifactReferencesTable {
  id: Generated<number>;
  parent_id: number;
  child_id: number;
  child_digest: string;
  /** JSON {architecture, os, variant, os.version, os.features}, or null. */
  platform: string | null;
  /** JSON object. */
  annotations: Generated<string>;
  /** JSON array, or null. */
  urls: string | null;
}

export interface TagsTable {
  tag_id: Generated<number>;
  repository_id: number;
  artifact_id: number;
  /** Unique per repository; sorts by bytes. */
  name: string;
  push_time: string;
  pull_time: string | null;
  pull_count: Generated<number>;
}

/** Raised by triggers at every change to an artifact's tags (migration 0029); no row: version 0. */
export interface ArtifactTagVersionsTable {
  artifact_id: number;
  version: number;
}

/**
 * A blob upload in progress. The bytes are in <registry>/uploads/<upload_id>; `size` is how many
 * of them are acknowledged. The lease lets one process at a time append.
 */
export interface UploadsTable {
  upload_id: string;
  project_id: number;
  /** The repository's full name; its row is created when the blob lands. */
  repository: string;
  size: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
  started_at: string;
  updated_at: string;
}

export interface PasswordResetTokensTable {
  /** SHA-256 (hex) of the token mailed to the user; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A replication rule (Harbor's replication_policy); a null registry id is this Berth. */
export interface ReplicationPoliciesTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  creator: Generated<string>;
  src_registry_id: number | null;
  dest_registry_id: number | null;
  dest_namespace: Generated<string>;
  /** -1 flatten all (Harbor's legacy), 0 keep the path, N strip N leading levels. */
  dest_namespace_replace_count: Generated<number>;
  /** 'manual', 'scheduled', 'event_based'. */
  trigger_type: Generated<string>;
  trigger_cron: Generated<string>;
  /** JSON array of {type, value, decoration}. */
  filters: Generated<string>;
  replicate_deletion: Generated<number>;
  override: Generated<number>;
  enabled: Generated<number>;
  /** KB/s per task; 0 unlimited. */
  speed: Generated<number>;
  copy_by_chunk: Generated<number>;
  single_active_replication: Generated<number>;
  creation_time: string;
  update_time: string;
}

/** The one waiting execution of a rule (see migration 2026_12_02_0012). */
export interface ReplicationQueueTable {
  policy_id: number;
  execution_id: number;
  full_run: Generated<number>;
  /** JSON array of {kind, repository, digest, tag}. */
  events: Generated<string>;
  creation_time: string;
}

export interface Database extends JobTables, RetentionTables, IntegrationTables, StorageTables, LayerTables, SbomTables, ScanningTables {
  users: UsersTable;
  sessions: SessionsTable;
  projects: ProjectsTable;
  cve_allowlists: CveAllowlistsTable;
  project_members: ProjectMembersTable;
  user_groups: UserGroupsTable;
  oidc_users: OidcUsersTable;
  system_config: SystemConfigTable;
  audit_logs: AuditLogsTable;
  audit_log_counts: AuditLogCountsTable;
  audit_log_count_deltas: AuditLogCountDeltasTable;
  login_failures: LoginFailuresTable;
  repositories: RepositoriesTable;
  blobs: BlobsTable;
  repository_blobs: RepositoryBlobsTable;
  artifacts: ArtifactsTable;
  artifact_blobs: ArtifactBlobsTable;
  artifact_references: ArtifactReferencesTable;
  replication_policies: ReplicationPoliciesTable;
  replication_queue: ReplicationQueueTable;
  tags: TagsTable;
  artifact_tag_versions: ArtifactTagVersionsTable;
  uploads: UploadsTable;
  password_reset_tokens: PasswordResetTokensTable;
  registries: RegistriesTable;
}

/** Replication endpoints (Harbor's `registry`); access_secret is sealed by the secret key. */
export interface RegistriesTable {
  id: Generated<number>;
  name: string;
  url: string;
  type: string;
  credential_type: Generated<string>;
  access_key: Generated<string>;
  access_secret: Generated<string>;
  insecure: Generated<number>;
  ca_certificate: string | null;
  description: Generated<string>;
  status: Generated<string>;
  creation_time: string;
  update_time: string;
}

export type ReplicationPolicyRow = Selectable<ReplicationPoliciesTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type NewProjectRow = Insertable<ProjectsTable>;
export type CveAllowlistRow = Selectable<CveAllowlistsTable>;
export type ProjectMemberRow = Selectable<ProjectMembersTable>;
export type AuditLogRow = Selectable<AuditLogsTable>;
export type NewAuditLogRow = Insertable<AuditLogsTable>;
export type RepositoryRow = Selectable<RepositoriesTable>;
export type ArtifactRow = Selectable<ArtifactsTable>;
export type NewArtifactRow = Insertable<ArtifactsTable>;
export type ArtifactReferenceRow = Selectable<ArtifactReferencesTable>;
export type TagRow = Selectable<TagsTable>;
export type UploadRow = Selectable<UploadsTable>;
export type RegistryEndpointRow = Selectable<RegistriesTable>;
export type { LabelRow, RobotRow, WebhookPoliciesTable } from './schema-integrations.js';
