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

export const configurationKeys = {
  all: ['configurations'] as const,
  ldapSearch: (username: string) => ['configurations', 'ldap-search', username] as const,
};

export const statisticsKeys = {
  all: ['statistics'] as const,
};

export const searchKeys = {
  all: ['search'] as const,
  text: (text: string) => ['search', text] as const,
};

/** Marks every query under each key stale (refetching those on screen); resolves when they are. */
export const invalidate = (client: QueryClient, ...keys: QueryKey[]) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
