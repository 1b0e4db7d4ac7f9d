/** The audit log: the whole of it (system admins) or one project's, with Harbor's q filters. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { AuditEventType, AuditLog } from '../../../lib/api-types';
import { harborQuery, type ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys } from '../../../lib/query-keys';

/** The filters, by their URL keys; from and to are local date-times as a datetime-local input gives them. */
export const AUDIT_FILTER_KEYS = ['username', 'operation', 'resource_type', 'resource', 'from', 'to'] as const;

/** A datetime-local value ("2024-05-01T09:30") as the UTC instant the server compares with. */
const instant = (local: string | undefined) => {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
};

export function auditQuery(filters: Readonly<Record<string, string>>): string | undefined {
  return harborQuery({
    username: { contains: filters.username ?? '' },
    operation: { equals: filters.operation ?? '' },
    resource_type: { equals: filters.resource_type ?? '' },
    resource: { contains: filters.resource ?? '' },
    op_time: { from: instant(filters.from), to: instant(filters.to) },
  });
}

/** Where a log lives: everything, or one project's by its name. */
export type AuditScope = { kind: 'all' } | { kind: 'project'; projectName: string };

const urlOf = (scope: AuditScope) =>
  scope.kind === 'all' ? '/auditlog-exts' : `/projects/${encodeURIComponent(scope.projectName)}/auditlog-exts`;

export const auditLogsQuery = (scope: AuditScope) => (params: ListParams) =>
  pageQuery<AuditLog>(auditKeys.list(scope.kind === 'all' ? 'all' : `project:${scope.projectName}`, params), urlOf(scope), params, { q: auditQuery(params.filters) });

/** Operations and resource types the log records, split from its event types (create_artifact). */
export const useAuditVocabulary = () =>
  useQuery({
    queryKey: auditKeys.eventTypes,
    queryFn: async () => {
      // Each item names its two parts: an operation such as reset_password_request has underscores of its own.
      const types = (await api.get<AuditEventType[]>('/auditlog-exts/events')).data;
      return {
        operations: [...new Set(types.map((t) => t.operation ?? t.event_type.split('_')[0]!))].sort(),
        resourceTypes: [...new Set(types.map((t) => t.resource_type ?? t.event_type.slice(t.event_type.indexOf('_') + 1)))].sort(),
      };
    },
    staleTime: Infinity,
  });
