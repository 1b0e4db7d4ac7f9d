/**
 * Interrogation Services > Scanners: the registered scanner adapters with their health (asked
 * of each adapter as the list loads), which one is the default, whether each is enabled; add,
 * edit, set as default, enable or disable, delete.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil, Plus, Power, PowerOff, Star, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { ConfirmMutation } from '../../../components/ui/confirm-mutation';
import { DataTable } from '../../../components/ui/data-table';
import { Badge, EmptyState } from '../../../components/ui/misc';
import { RowMenu, type RowAction } from '../../../components/ui/row-menu';
import { toApiError } from '../../../lib/api-client';
import { useListPage } from '../../../lib/list-page';
import { scannersQuery, useDeleteScanner, useSetDefaultScanner, useSetScannerEnabled, type ScannerRegistration } from '../api/scanners';
import { AUTH_LABELS, ScannerDialog } from './scanner-dialog';
import { adapterText, HealthBadge } from './scanner-text';

export function ScannersTab() {
  const { table, query } = useListPage({ sort: 'name' }, scannersQuery);
  const [editing, setEditing] = useState<ScannerRegistration | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ScannerRegistration | null>(null);
  const remove = useDeleteScanner();
  const setDefault = useSetDefaultScanner();
  const setEnabled = useSetScannerEnabled();
  const refused = (err: Error) => toast.error(toApiError(err).message);

  const actionsOf = (s: ScannerRegistration): RowAction[] => [
    {
      label: 'Set as default',
      icon: <Star size={14} aria-hidden />,
      disabled: s.is_default || s.disabled,
      onSelect: () => setDefault.mutate(s, { onSuccess: () => toast.success(`${s.name} is now the default scanner.`), onError: refused }),
    },
    {
      label: s.disabled ? 'Enable' : 'Disable',
      icon: s.disabled ? <Power size={14} aria-hidden /> : <PowerOff size={14} aria-hidden />,
      onSelect: () =>
        setEnabled.mutate({ scanner: s, enabled: s.disabled }, { onSuccess: () => toast.success(`${s.name} ${s.disabled ? 'enabled' : 'disabled'}.`), onError: refused }),
    },
    { label: 'Edit', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(s) },
    { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(s), danger: true },
  ];

  const columns: ColumnDef<ScannerRegistration, unknown>[] = [
    {
      header: 'Name',
      meta: { sortField: 'name' },
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1">
          <span className="font-medium break-all">{row.original.name}</span>
          {row.original.is_default && <Badge tone="primary">Default</Badge>}
        </span>
      ),
    },
    { header: 'Endpoint', cell: ({ row }) => <span className="break-all">{row.original.url}</span> },
    { header: 'Health', cell: ({ row }) => <HealthBadge health={row.original.health} /> },
    { header: 'Enabled', cell: ({ row }) => (row.original.disabled ? <Badge>Disabled</Badge> : 'Yes') },
    { header: 'Authorization', cell: ({ row }) => AUTH_LABELS[row.original.auth] ?? row.original.auth },
    { header: 'Adapter', cell: ({ row }) => adapterText(row.original) || <span className="text-muted">Not answering</span> },
    { header: 'Description', cell: ({ row }) => <span className="line-clamp-2 min-w-32">{row.original.description}</span> },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => <RowMenu label={`Actions for ${row.original.name}`} actions={actionsOf(row.original)} />,
    },
  ];

  const newButton = (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <Plus size={14} aria-hidden /> New scanner
    </Button>
  );

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted">Scanner adapters that follow Harbor&apos;s pluggable scanner API. Projects use the default unless they choose another.</p>
        {(query.data?.total ?? 0) > 0 && newButton}
      </div>
      <DataTable
        label="Scanners"
        columns={columns}
        {...table}
        rowKey={(s) => s.uuid}
        empty={
          <EmptyState title="No scanner is registered." action={newButton}>
            Register a scanner adapter (Trivy&apos;s or Clair&apos;s, for example) to scan images for vulnerabilities.
          </EmptyState>
        }
      />
      <ScannerDialog open={editing !== null} scanner={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete scanner"
        message={(s) => (
          <>
            Delete the scanner <strong className="break-all">{s.name}</strong> ({s.url})? Its reports go with it, and projects that chose it use the default again.
          </>
        )}
        confirmLabel={(s) => `Delete ${s.name}`}
        done={(s) => `Scanner ${s.name} deleted.`}
      />
    </>
  );
}
