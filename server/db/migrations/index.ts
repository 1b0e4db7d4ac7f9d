/**
 * Every migration, in order. Migrations are frozen once released: never edit one, add the next.
 * Names sort in execution order (date, then sequence).
 */
import type { Migration } from 'kysely';
import * as foundation from './2026_11_29_0001_foundation.js';
import * as auditLog from './2026_11_29_0002_audit_log.js';
import * as registry from './2026_11_29_0003_registry.js';
import * as api from './2026_11_29_0004_api.js';
import * as apiArtifacts from './2026_11_29_0005_api_artifacts.js';
import * as accounts from './2026_11_29_0006_accounts.js';
import * as storageTotals from './2026_11_29_0007_storage_totals.js';
import * as ldapScopeNumbers from './2026_11_29_0008_ldap_scope_numbers.js';
import * as projectQuotaAllowlist from './2026_12_02_0009_project_quota_allowlist.js';
import * as jobs from './2026_12_02_0010_jobs.js';
import * as registries from './2026_12_02_0011_registries.js';
import * as replication from './2026_12_02_0012_replication.js';
import * as identity from './2026_12_02_0013_identity.js';
import * as gc from './2026_12_02_0014_gc.js';
import * as retention from './2026_12_02_0016_retention.js';
import * as robots from './2026_12_02_0017_robots.js';
import * as labels from './2026_12_02_0018_labels.js';
import * as webhooks from './2026_12_02_0019_webhooks.js';
import * as storageUsage from './2026_12_02_0020_storage_usage.js';
import * as storageUsageTriggers from './2026_12_02_0020b_storage_usage_triggers.js';
import * as layerChains from './2026_12_02_0021_layer_chains.js';
import * as sbom from './2026_12_02_0022_sbom.js';
import * as scanning from './2026_12_02_0023_scanning.js';
import * as listedArtifactCounts from './2026_12_02_0024_listed_artifact_counts.js';
import * as layerListings from './2026_12_02_0025_layer_listings.js';
import * as storageRefsByBlob from './2026_12_02_0026_storage_refs_by_blob.js';
import * as auditLogCounts from './2026_12_03_0027_audit_log_counts.js';
import * as blobUsersByBlob from './2026_12_03_0028_blob_users_by_blob.js';
import * as artifactTagVersions from './2026_12_03_0029_artifact_tag_versions.js';
import * as sqliteAuditLogCounts from './2026_12_03_0030_sqlite_audit_log_counts.js';
import * as linkOwners from './2026_12_03_0031_link_owners.js';
import * as artifactOrderIndexes from './2026_12_03_0032_artifact_order_indexes.js';
import * as repositorySearchOrder from './2026_12_03_0033_repository_search_order.js';
import * as artifactOrderCoversListed from './2026_12_03_0034_artifact_order_covers_listed.js';

export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_29_0001_foundation': foundation,
  '2026_11_29_0002_audit_log': auditLog,
  '2026_11_29_0003_registry': registry,
  '2026_11_29_0004_api': api,
  '2026_11_29_0005_api_artifacts': apiArtifacts,
  '2026_11_29_0006_accounts': accounts,
  '2026_11_29_0007_storage_totals': storageTotals,
  '2026_11_29_0008_ldap_scope_numbers': ldapScopeNumbers,
  '2026_12_02_0009_project_quota_allowlist': projectQuotaAllowlist,
  '2026_12_02_0010_jobs': jobs,
  '2026_12_02_0011_registries': registries,
  '2026_12_02_0012_replication': replication,
  '2026_12_02_0013_identity': identity,
  '2026_12_02_0014_gc': gc,
  '2026_12_02_0016_retention': retention,
  '2026_12_02_0017_robots': robots,
  '2026_12_02_0018_labels': labels,
  '2026_12_02_0019_webhooks': webhooks,
  '2026_12_02_0020_storage_usage': storageUsage,
  '2026_12_02_0020b_storage_usage_triggers': storageUsageTriggers,
  '2026_12_02_0021_layer_chains': layerChains,
  '2026_12_02_0022_sbom': sbom,
  '2026_12_02_0023_scanning': scanning,
  '2026_12_02_0024_listed_artifact_counts': listedArtifactCounts,
  '2026_12_02_0025_layer_listings': layerListings,
  '2026_12_02_0026_storage_refs_by_blob': storageRefsByBlob,
  '2026_12_03_0027_audit_log_counts': auditLogCounts,
  '2026_12_03_0028_blob_users_by_blob': blobUsersByBlob,
  '2026_12_03_0029_artifact_tag_versions': artifactTagVersions,
  '2026_12_03_0030_sqlite_audit_log_counts': sqliteAuditLogCounts,
  '2026_12_03_0031_link_owners': linkOwners,
  '2026_12_03_0032_artifact_order_indexes': artifactOrderIndexes,
  '2026_12_03_0033_repository_search_order': repositorySearchOrder,
  '2026_12_03_0034_artifact_order_covers_listed': artifactOrderCoversListed,
};
