/**
 * Every query key, written once. Features own their fetchers, but a change in one area often
 * touches another's lists (adding a member changes the project's summary and the audit log), so
 * the keys live here where every feature can invalidate them without importing another feature.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ListParams } from './list-params';

export const projectKeys = {
  all: ['projects'] as const,
  list: (params: ListParams) => ['projects', 'list', params] as const,
  detail: (projectId: number) => ['projects', 'detail', projectId] as const,
  summary: (projectId: number) => ['projects', 'summary', projectId] as const,
};

export const memberKeys = {
  all: ['members'] as const,
  project: (projectId: number) => ['members', projectId] as const,
  list: (projectId: number, params: ListParams) => ['members', projectId, params] as const,
};

export const userKeys = {
  all: ['users'] as const,
  list: (params: ListParams) => ['users', 'list', params] as const,
  search: (text: string) => ['users', 'search', text] as const,
};

export const auditKeys = {
  all: ['audit-logs'] as const,
  list: (scope: string, params: ListParams) => ['audit-logs', scope, params] as const,
  eventTypes: ['audit-logs', 'event-types'] as const,
};

/** A repository is named by its project's name and its name within the project, as the API names it. */
export interface RepositoryRef {
  projectName: string;
  repository: string;
}

export const repositoryKeys = {
  all: ['repositories'] as const,
  project: (projectName: string) => ['repositories', projectName] as const,
  list: (projectName: string, params: ListParams) => ['repositories', projectName, 'list', params] as const,
  detail: (ref: RepositoryRef) => ['repositories', ref.projectName, 'detail', ref.repository] as const,
};

/** Everything about one repository's artifacts sits under `repository`, so one change refreshes it all. */
export const artifactKeys = {
  all: ['artifacts'] as const,
  repository: (ref: RepositoryRef) => ['artifacts', ref.projectName, ref.repository] as const,
  list: (ref: RepositoryRef, params: ListParams) => ['artifacts', ref.projectName, ref.repository, 'list', params] as const,
  detail: (ref: RepositoryRef, reference: string) => ['artifacts', ref.projectName, ref.repository, 'detail', reference] as const,
  tags: (ref: RepositoryRef, reference: string, params: ListParams) => ['artifacts', ref.projectName, ref.repository, 'tags', reference, params] as const,
  tagPreview: (ref: RepositoryRef, digest: string) => ['artifacts', ref.projectName, ref.repository, 'tag-preview', digest] as const,
  layers: (ref: RepositoryRef, digest: string) => ['artifacts', ref.projectName, ref.repository, 'layers', digest] as const,
  accessories: (ref: RepositoryRef, reference: string, params: ListParams) =>
    ['artifacts', ref.projectName, ref.repository, 'accessories', reference, params] as const,
  lineage: (ref: RepositoryRef, digest: string) => ['artifacts', ref.projectName, ref.repository, 'lineage', digest] as const,
  dependents: (ref: RepositoryRef, digest: string, params: ListParams) => ['artifacts', ref.projectName, ref.repository, 'dependents', digest, params] as const,
  /** The SBOM's state (Harbor's sbom_overview) and the packages of one report. */
  sbom: (ref: RepositoryRef, digest: string) => ['artifacts', ref.projectName, ref.repository, 'sbom', digest] as const,
  sbomPackages: (ref: RepositoryRef, digest: string, reportId: string, params: ListParams) =>
    ['artifacts', ref.projectName, ref.repository, 'sbom', digest, 'packages', reportId, params] as const,
  /** Under 'artifacts': pushes and deletions that refresh artifact lists refresh these too. */
  blobUsers: (digest: string, params: ListParams) => ['artifacts', 'blob-users', digest, params] as const,
  /** The registry-wide package search: SBOMs come and go with artifacts. */
  packageUses: (params: ListParams) => ['artifacts', 'package-uses', params] as const,
};

/** Global labels (projectId null) and a project's; `usable` is what a project's artifacts may carry. */
export const labelKeys = {
  all: ['labels'] as const,
  list: (projectId: number | null, params: ListParams) => ['labels', projectId ?? 'global', 'list', params] as const,
  usable: (projectId: number) => ['labels', 'usable', projectId] as const,
};

export const configurationKeys = {
  all: ['configurations'] as const,
  ldapSearch: (username: string) => ['configurations', 'ldap-search', username] as const,
};

export const statisticsKeys = {
  all: ['statistics'] as const,
  storage: ['statistics', 'storage'] as const,
};

/**
 * Dedup-aware storage figures of a project, repository or artifact (what deleting it frees). Any
 * push or delete may change any of them (a blob shared across projects), so all sit under one key.
 */
export const storageKeys = {
  all: ['storage'] as const,
  project: (projectName: string) => ['storage', 'project', projectName] as const,
  repository: (ref: RepositoryRef) => ['storage', 'repository', ref.projectName, ref.repository] as const,
  artifact: (ref: RepositoryRef, reference: string) => ['storage', 'artifact', ref.projectName, ref.repository, reference] as const,
};

export const searchKeys = {
  all: ['search'] as const,
  text: (text: string) => ['search', text] as const,
};

export const registryKeys = {
  all: ['registries'] as const,
  list: (params: ListParams) => ['registries', 'list', params] as const,
  /** Every registry at once, for the rule form's choice of endpoint. */
  choices: ['registries', 'choices'] as const,
  adapters: ['registries', 'adapters'] as const,
};

/** Rules, executions and tasks; an execution's tasks sit under it, so refreshing it refreshes them. */
export const replicationKeys = {
  all: ['replication'] as const,
  policies: (params: ListParams) => ['replication', 'policies', params] as const,
  policy: (policyId: number) => ['replication', 'policy', policyId] as const,
  executions: (policyId: number, params: ListParams) => ['replication', 'executions', policyId, params] as const,
  lastExecution: (policyId: number) => ['replication', 'executions', policyId, 'last'] as const,
  execution: (executionId: number) => ['replication', 'execution', executionId] as const,
  tasks: (executionId: number, params: ListParams) => ['replication', 'execution', executionId, 'tasks', params] as const,
  log: (executionId: number, taskId: number) => ['replication', 'execution', executionId, 'log', taskId] as const,
  preview: (pattern: string) => ['replication', 'preview', pattern] as const,
  remotePreview: (registryId: number, pattern: string) => ['replication', 'remote-preview', registryId, pattern] as const,
};

/** Robot accounts: system ones, or one project's (projectId). */
export const robotKeys = {
  all: ['robots'] as const,
  list: (projectId: number | null, params: ListParams) => ['robots', projectId, params] as const,
  offer: ['robots', 'permission-offer'] as const,
};

/** Marks every query under each key stale (refetching those on screen); resolves when they are. */
export const invalidate = (client: QueryClient, ...keys: QueryKey[]) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));

/** Project quotas (Administration > Project Quotas); a project's own figures sit in its summary. */
export const quotaKeys = {
  all: ['quotas'] as const,
  list: (params: ListParams) => ['quotas', 'list', params] as const,
};

/** User groups (Administration > Groups) and the LDAP group search. */
export const groupKeys = {
  all: ['user-groups'] as const,
  list: (params: ListParams) => ['user-groups', 'list', params] as const,
  ldapSearch: (name: string) => ['user-groups', 'ldap-search', name] as const,
};
