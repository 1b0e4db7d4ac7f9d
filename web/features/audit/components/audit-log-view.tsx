/** An audit log with its filters and pages: used by Administration and by a project's Logs tab. */
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../../components/ui/data-table';
import { Badge, CopyButton, EmptyState, formatTime } from '../../../components/ui/misc';
import type { AuditLog } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import { AUDIT_FILTER_KEYS, auditLogsQuery, type AuditScope } from '../api/audit-logs';
import { AuditFilters } from './audit-filters';

const DIGEST_IN_RESOURCE = /^(.*@)([a-z0-9]+:)([a-f0-9]{8})[a-f0-9]{16,}$/;

/** A resource such as library/app@sha256:<64 hex> reads library/app@sha256:1a2b3c4d…, with a button copying it whole. */
function ResourceCell({ resource }: { resource: string }) {
  const parts = DIGEST_IN_RESOURCE.exec(resource);
  if (!parts) return <span className="inline-block min-w-32 [overflow-wrap:anywhere]">{resource}</span>;
  const [, name, algorithm, head] = parts;
  return (
    <span className="inline-flex max-w-full items-center gap-1">
      <span title={resource} className="[overflow-wrap:anywhere]">
        {name}
        <span className="font-mono text-xs">
          {algorithm}
          {head}…
        </span>
      </span>
      <CopyButton text={resource} label={`Copy ${name}${algorithm}${head}`} />
    </span>
  );
}

const columns: ColumnDef<AuditLog, unknown>[] = [
  { header: 'Time', meta: { sortField: 'op_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.op_time) },
  { header: 'User', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => row.original.username },
  { header: 'Operation', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => row.original.operation.replace(/_/g, ' ') },
  { header: 'Resource type', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => row.original.resource_type.replace(/_/g, ' ') },
  { header: 'Resource', cell: ({ row }) => <ResourceCell resource={row.original.resource} /> },
  { header: 'Description', cell: ({ row }) => <span className="text-muted [overflow-wrap:anywhere]">{row.original.operation_description}</span> },
  {
    header: 'Result',
    cell: ({ row }) => (row.original.operation_result ? <Badge tone="success">Succeeded</Badge> : <Badge tone="danger">Failed</Badge>),
  },
];

export function AuditLogView({ scope, label }: { scope: AuditScope; label: string }) {
  const { params, setParams, table } = useListPage({ sort: '-op_time', filterKeys: AUDIT_FILTER_KEYS }, auditLogsQuery(scope));
  const filtered = Object.values(params.filters).some(Boolean);
  return (
    <>
      <AuditFilters filters={params.filters} onChange={(filters) => setParams({ filters })} />
      <DataTable
        label={label}
        columns={columns}
        {...table}
        rowKey={(entry) => entry.id}
        empty={
          <EmptyState title={filtered ? 'No entry matches these filters.' : 'Nothing has been logged yet.'}>
            {filtered ? 'Widen the time range or clear a filter.' : 'Changes to projects, members, users and images appear here as they happen.'}
          </EmptyState>
        }
      />
    </>
  );
}
