/**
 * Table types of the integrations (webhook policies, labels and the system CVE allowlist, robot
 * accounts: migrations 0017-0019), kept apart from schema.ts as the job service's and
 * retention's are.
 */
import type { Generated, Selectable } from 'kysely';

/** Webhook policies (migration 2026_12_02_0019); targets' auth_header values are sealed. */
export interface WebhookPoliciesTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  description: Generated<string>;
  /** JSON array of Harbor's WebhookTargetObject, auth_header sealed. */
  targets: string;
  /** JSON array of Harbor's event type names. */
  event_types: string;
  creator: Generated<string>;
  enabled: Generated<number>;
  creation_time: string;
  update_time: string;
}

/** Harbor's label: global (scope g, no project) or a project's (scope p). */
export interface LabelsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  color: Generated<string>;
  scope: string;
  project_id: number | null;
  creation_time: string;
  update_time: string;
}

/** Which labels an artifact carries (Harbor's label_reference). */
export interface ArtifactLabelsTable {
  id: Generated<number>;
  label_id: number;
  artifact_id: number;
  creation_time: string;
}

/** The system CVE allowlist: at most one row (Harbor's cve_allowlist row of project 0). */
export interface SystemCveAllowlistTable {
  id: Generated<number>;
  /** JSON array of {cve_id}. */
  items: Generated<string>;
  expires_at: number | null;
  creation_time: string;
  update_time: string;
}

export type LabelRow = Selectable<LabelsTable>;

/** Robot accounts (migration 0017): secret_hash is a scrypt hash; permissions Harbor's JSON list. */
export interface RobotsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  level: string;
  project_id: number | null;
  secret_hash: string;
  duration: number;
  expires_at: number;
  disabled: Generated<number>;
  permissions: Generated<string>;
  creator_type: string;
  creator_ref: number;
  creation_time: string;
  update_time: string;
}
export type RobotRow = Selectable<RobotsTable>;

export interface IntegrationTables {
  webhook_policies: WebhookPoliciesTable;
  labels: LabelsTable;
  artifact_labels: ArtifactLabelsTable;
  system_cve_allowlist: SystemCveAllowlistTable;
  robots: RobotsTable;
}
