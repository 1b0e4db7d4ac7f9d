/**
 * Every /api/v2.0 operation. The router mounts exactly these (a handler is required for each)
 * and openapi.json describes exactly these.
 */
import { artifactDiffOperations } from './artifact-diff.js';
import { artifactOperations } from './artifacts.js';
import { auditLogOperations } from './audit-logs.js';
import { configurationOperations } from './configurations.js';
import { gcOperations, purgeOperations } from './gc.js';
import { jobserviceOperations } from './jobservice.js';
import { labelOperations } from './labels.js';
import { projectMetadataOperations, systemAllowlistOperations } from './project-metadata.js';
import { memberOperations } from './members.js';
import { projectOperations } from './projects.js';
import { quotaOperations } from './quotas.js';
import { replicationExecutionOperations, replicationPolicyOperations } from './replication.js';
import { registryOperations } from './registries.js';
import { repositoryOperations } from './repositories.js';
import { robotOperations } from './robots.js';
import { sbomOperations } from './sbom.js';
import { searchOperations } from './search.js';
import { systemOperations } from './system.js';
import { userGroupOperations } from './usergroups.js';
import { userOperations } from './users.js';
import { webhookOperations } from './webhooks.js';
import { retentionOperations } from './retention.js';
import { immutableOperations } from './immutable.js';
import { oidcOperations } from './oidc.js';
import { storageOperations } from './storage.js';
import { layerOperations } from './layers.js';
import { scannerOperations } from './scanners.js';
import { scanOperations } from './scans.js';

export const API_OPERATIONS = {
  ...systemOperations,
  ...projectOperations,
  ...memberOperations,
  ...repositoryOperations,
  ...artifactOperations,
  ...artifactDiffOperations,
  ...userOperations,
  ...userGroupOperations,
  ...searchOperations,
  ...auditLogOperations,
  ...configurationOperations,
  ...replicationPolicyOperations,
  ...replicationExecutionOperations,
  ...jobserviceOperations,
  ...registryOperations,
  ...quotaOperations,
  ...webhookOperations,
  ...labelOperations,
  ...projectMetadataOperations,
  ...systemAllowlistOperations,
  ...robotOperations,
  ...retentionOperations,
  ...immutableOperations,
  ...oidcOperations,
  ...gcOperations,
  ...purgeOperations,
  ...storageOperations,
  ...layerOperations,
  ...sbomOperations,
  ...scannerOperations,
  ...scanOperations,
};

export type ApiOperations = typeof API_OPERATIONS;
export type OperationId = keyof ApiOperations;
