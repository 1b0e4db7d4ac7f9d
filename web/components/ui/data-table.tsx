/**
 * Tables over server-side pages: sortable headers that say their order to screen readers, a
 * pager, an empty state, and placeholder rows of the final height while a page loads so nothing
 * jumps. Columns are written as TanStack Table's column definitions (header, cell, meta), but
 * the server sorts and pages, so there is no row model to compute: the table calls each
 * definition with its row itself, and TanStack's 45 kB core stays off the first page's code.
 */
import type { CellContext, ColumnDef, HeaderContext } from '@tanstack/react-table';
import { clsx } from 'clsx';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight } from 'lucide-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { toApiError } from '../../lib/api-client';
import { PAGE_SIZES, type ListParams } from '../../lib/list-params';
import type { Page } from '../../lib/pages';

/**
 * Renders a header or cell definition by calling it. TanStack's flexRender would mount it as a
 * component, and the column definitions are rebuilt on every render, so each render would be a
 * new component type: React would remount every cell, dropping focus and the state of controls
 * in cells (a role select's pending change, its toast). Cells keep hooks in their own components.
 */
function render<C>(content: unknown, context: C): ReactNode {
  return typeof content === 'function' ? (content as (context: C) => ReactNode)(context) : (content as ReactNode);
}

/** A column's React key: its id, else its place (a page's columns keep their order). */
const columnKey = <T,>(column: ColumnDef<T, unknown>, index: number): string => column.id ?? String(index);

/**
 * What a cell definition is called with: the row (`row.original`, as every column here reads
 * it), its value for accessor columns, and the column. The table-wide parts of TanStack's
 * context (table, header groups) do not exist without its core, so no column may read them.
 */
function cellContext<T>(column: ColumnDef<T, unknown>, original: T, index: number): CellContext<T, unknown> {
  const accessor = column as { accessorFn?: (row: T, index: number) => unknown; accessorKey?: keyof T };
  const getValue = () => (accessor.accessorFn ? accessor.accessorFn(original, index) : accessor.accessorKey !== undefined ? original[accessor.accessorKey] : undefined);
  return { row: { original, index, id: String(index) }, column: { id: column.id, columnDef: column }, getValue, renderValue: getValue } as unknown as CellContext<T, unknown>;
}

const headerContext = <T,>(column: ColumnDef<T, unknown>) => ({ column: { id: column.id, columnDef: column } }) as unknown as HeaderContext<T, unknown>;

export interface SortableMeta {
  /** The API's sort field for this column, when it can be sorted. */
  sortField?: string;
  className?: string;
}

export interface DataTableProps<T> {
  /** Names the table for screen readers. */
  label: string;
  columns: ColumnDef<T, unknown>[];
  /** The page query: rows, total, loading and error come from it. */
  query: UseQueryResult<Page<T>>;
  params: ListParams;
  onParams: (changes: Partial<ListParams>) => void;
  empty: ReactNode;
  rowKey: (row: T) => string | number;
}

function SortButton({ label, field, sort, onSort }: { label: ReactNode; field: string; sort: string; onSort: (s: string) => void }) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return (
    <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => onSort(active && !descending ? `-${field}` : field)}>
      {label}
      {active && (descending ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
    </button>
  );
}

/** Grey rows of a table's final row height, shown while its first page loads. */
export function PlaceholderRows({ rows, columns }: { rows: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    <tr key={`placeholder-${i}`} className="border-t border-border" aria-hidden>
      {Array.from({ length: columns }, (_, j) => (
        <td key={j} className="px-3 py-2.5">
          <div className="h-3 w-3/4 animate-pulse rounded bg-surface-2" />
        </td>
      ))}
    </tr>
  ));
}

/** Under a table's rows: why it could not load, else its empty state when there are none. */
export function TableNotes({ error, empty }: { error: string | undefined; empty: ReactNode | undefined }) {
  if (error) {
    return (
      <p className="border-t border-border px-3 py-4 text-sm text-danger" role="alert">
        {error}
      </p>
    );
  }
  return empty ? <div className="border-t border-border">{empty}</div> : null;
}

export function DataTable<T>({ label, columns, query, params, onParams, empty, rowKey }: DataTableProps<T>) {
  const rows = query.data?.items;
  const total = query.data?.total ?? 0;
  const loading = query.isFetching;
  const error = query.error ? toApiError(query.error).message : undefined;
  const pages = Math.max(1, Math.ceil(total / params.pageSize));
  const first = total === 0 ? 0 : (params.page - 1) * params.pageSize + 1;
  const last = Math.min(total, params.page * params.pageSize);
  const showPlaceholders = loading && !rows;

  return (
    <div className="overflow-hidden rounded-lg border border-border bg-surface">
      {/* relative: screen-reader-only header text is positioned; it must scroll with the table, not widen the page. */}
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-sm" aria-label={label} aria-busy={loading || undefined}>
          <thead className="bg-surface-2 text-left text-xs text-muted">
            <tr>
              {columns.map((column, i) => {
                const meta = column.meta as SortableMeta | undefined;
                const sortField = meta?.sortField;
                const ariaSort = sortField
                  ? params.sort === sortField
                    ? 'ascending'
                    : params.sort === `-${sortField}`
                      ? 'descending'
                      : 'none'
                  : undefined;
                const content = render(column.header, headerContext(column));
                return (
                  <th key={columnKey(column, i)} scope="col" aria-sort={ariaSort} className={clsx('px-3 py-2 font-medium', meta?.className)}>
                    {sortField ? <SortButton label={content} field={sortField} sort={params.sort} onSort={(sort) => onParams({ sort })} /> : content}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {showPlaceholders && <PlaceholderRows rows={Math.min(params.pageSize, 8)} columns={columns.length} />}
            {rows?.map((row, r) => (
              <tr key={rowKey(row)} className="border-t border-border hover:bg-surface-2/60">
                {columns.map((column, i) => (
                  <td key={columnKey(column, i)} className={clsx('px-3 py-2 align-middle', (column.meta as SortableMeta | undefined)?.className)}>
                    {render(column.cell, cellContext(column, row, r))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <TableNotes error={error} empty={!loading && rows && rows.length === 0 ? empty : undefined} />
      <nav aria-label={`${label} pages`} className="flex flex-wrap items-center justify-end gap-3 border-t border-border px-3 py-2 text-xs text-muted">
        <label className="flex items-center gap-1">
          Rows per page
          <select
            className="rounded border border-border bg-surface px-1 py-0.5 text-fg"
            value={params.pageSize}
            onChange={(e) => onParams({ pageSize: Number(e.target.value) })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span aria-live="polite">
          {first}-{last} of {total}
        </span>
        {/* The arrows and the page number stay together when a narrow screen wraps the bar. */}
        <span className="flex items-center gap-3">
          <button type="button" aria-label="Previous page" className="rounded p-1 hover:bg-surface-2 disabled:opacity-40" disabled={params.page <= 1} onClick={() => onParams({ page: params.page - 1 })}>
            <ChevronLeft size={14} aria-hidden />
          </button>
          <span>
            Page {params.page} of {pages}
          </span>
          <button type="button" aria-label="Next page" className="rounded p-1 hover:bg-surface-2 disabled:opacity-40" disabled={params.page >= pages} onClick={() => onParams({ page: params.page + 1 })}>
            <ChevronRight size={14} aria-hidden />
          </button>
        </span>
      </nav>
    </div>
  );
}
