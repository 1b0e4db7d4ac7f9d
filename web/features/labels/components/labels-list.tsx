/**
 * A list of labels (the global ones, or a project's) with New, Edit and Delete for those who
 * may change them: system admins for global labels, maintainers and project admins for a
 * project's (the server decides either way).
 */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ConfirmMutation } from '../../../components/ui/confirm-mutation';
import { DataTable } from '../../../components/ui/data-table';
import { FilterInput } from '../../../components/ui/filter-input';
import { LabelChip } from '../../../components/ui/label-chip';
import { EmptyState, formatTime } from '../../../components/ui/misc';
import { RowMenu } from '../../../components/ui/row-menu';
import type { Label } from '../../../lib/api-types';
import { labelsQuery, useDeleteLabel, type LabelScope } from '../../../lib/labels';
import { useListPage } from '../../../lib/list-page';
import { LabelDialog } from './label-dialog';

export function LabelsList({ scope, editable }: { scope: LabelScope; editable: boolean }) {
  const { params, setParams, table, filter } = useListPage({ sort: 'name' }, labelsQuery(scope));
  const remove = useDeleteLabel();
  const [editing, setEditing] = useState<Label | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  const where = scope.projectId === null ? 'global labels' : 'labels of this project';

  const columns: ColumnDef<Label, unknown>[] = [
    { header: 'Label', meta: { sortField: 'name' }, cell: ({ row }) => <LabelChip label={row.original} /> },
    { header: 'Description', cell: ({ row }) => <span className="break-words">{row.original.description}</span> },
    { header: 'Created', meta: { sortField: 'creation_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.creation_time) },
  ];
  if (editable) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <RowMenu
          label={`Actions for label ${row.original.name}`}
          actions={[
            { label: 'Edit', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(row.original) },
            { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(row.original), danger: true },
          ]}
        />
      ),
    });
  }

  const newButton = editable && (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <Plus size={14} aria-hidden /> New label
    </Button>
  );

  return (
    <section aria-label={scope.projectId === null ? 'Global labels' : 'Project labels'}>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <FilterInput label="Filter labels by name" placeholder="Filter by name" {...filter} />
        <div className="ml-auto">{newButton}</div>
      </div>
      <DataTable
        label="Labels"
        columns={columns}
        {...table}
        rowKey={(l) => l.id}
        empty={
          params.filter ? (
            <EmptyState title={`No label name contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all labels</Button>}>
              Check the spelling, or create the label.
            </EmptyState>
          ) : (
            <EmptyState title={`No ${where} yet.`} action={newButton || undefined}>
              Labels mark artifacts (such as release or approved): the artifact list shows them and filters by them, and replication rules can select by them.
            </EmptyState>
          )
        }
      />
      <LabelDialog open={editing !== null} label={editing === 'new' ? null : editing} scope={scope} onClose={() => setEditing(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete label"
        message={(l) => (
          <>
            Delete the label <strong className="break-all">{l.name}</strong>? It comes off every artifact that carries it.
          </>
        )}
        confirmLabel={(l) => `Delete ${l.name}`}
        done={(l) => `Label ${l.name} deleted.`}
      />
    </section>
  );
}
