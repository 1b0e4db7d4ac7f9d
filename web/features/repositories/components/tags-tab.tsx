/** An artifact's tags, a page at a time: copy a tag's pull command; add and remove tags. */
import type { ColumnDef } from '@tanstack/react-table';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { DataTable } from '../../../components/ui/data-table';
import { FilterInput } from '../../../components/ui/filter-input';
import { Badge, CopyButton, EmptyState } from '../../../components/ui/misc';
import type { Tag } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import type { Can } from '../../../lib/permissions';
import type { RepositoryRef } from '../../../lib/query-keys';
import { tagsQuery, type TagTarget } from '../api/tags';
import { pullCommand } from '../artifact-text';
import { AddTagDialog } from './add-tag-dialog';
import { timeColumns } from './artifact-cells';
import { RemoveTagDialog } from './artifact-dialogs';

export function TagsTab({ target, digest, fullName, host, can }: { target: RepositoryRef; digest: string; fullName: string; host: string; can: Can }) {
  const { params, table, filter } = useListPage({ sort: '-push_time' }, tagsQuery(target, digest));
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TagTarget | null>(null);

  const columns: ColumnDef<Tag, unknown>[] = [
    {
      header: 'Tag',
      // A readable column for the name (long ones wrap), whatever the pull command beside it holds.
      meta: { sortField: 'name', className: 'w-[30%] min-w-40' },
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1">
          <span className="font-medium break-all">{row.original.name}</span>
          {row.original.immutable && <Badge tone="warning">Immutable</Badge>}
        </span>
      ),
    },
    {
      header: 'Pull command',
      // w-full with max-w-0: this column takes the room the others leave, and cuts the command with "…".
      meta: { className: 'w-full max-w-0' },
      cell: ({ row }) => {
        const command = pullCommand(host, fullName, row.original.name);
        return (
          <span className="flex min-w-0 items-center gap-1">
            <code className="truncate font-mono text-xs text-muted" title={command}>
              {command}
            </code>
            <CopyButton text={command} label={`Copy pull command for ${row.original.name}`} />
          </span>
        );
      },
    },
    ...timeColumns<Tag>(),
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) =>
        // An immutable tag cannot be removed (the server answers 412): no button that always fails.
        can('tag', 'delete') && !row.original.immutable ? (
          <Button size="sm" variant="ghost" aria-label={`Remove tag ${row.original.name}`} onClick={() => setRemoving({ digest, name: row.original.name })}>
            <Trash2 size={14} aria-hidden />
          </Button>
        ) : null,
    },
  ];

  const addButton = can('tag', 'create') && (
    <Button variant="primary" onClick={() => setAdding(true)}>
      <Plus size={14} aria-hidden /> Add tag
    </Button>
  );

  return (
    <>
      <div className="mb-3 flex h-8 items-center justify-between gap-2">
        <FilterInput label="Filter tags by name" placeholder="Filter by name" {...filter} />
        {addButton}
      </div>
      <DataTable
        label="Tags"
        columns={columns}
        {...table}
        rowKey={(t) => t.id}
        empty={
          <EmptyState title={params.filter ? `No tag contains "${params.filter}".` : 'This artifact has no tags.'} action={(!params.filter && addButton) || undefined}>
            {params.filter ? 'Change the filter, or clear it.' : 'It can be pulled by its digest. Add a tag to pull it by a name.'}
          </EmptyState>
        }
      />
      <AddTagDialog target={target} digest={digest} open={adding} onOpenChange={setAdding} />
      <RemoveTagDialog target={target} tag={removing} onClose={() => setRemoving(null)} />
    </>
  );
}
