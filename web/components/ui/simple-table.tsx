/** A small table of all its rows at once (no pages), styled as DataTable; placeholder rows while loading. */
import { clsx } from 'clsx';
import type { ReactNode } from 'react';
import { PlaceholderRows, TableNotes } from './data-table';

export interface SimpleColumn<T> {
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  className?: string;
}

export function SimpleTable<T>({ label, columns, rows, rowKey, empty, error }: {
  label: string;
  columns: SimpleColumn<T>[];
  rows: T[] | undefined;
  rowKey: (row: T, index: number) => string;
  empty: ReactNode;
  error?: string | undefined;
}) {
  return (
    <div className="overflow-hidden rounded-lg border border-border bg-surface">
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-sm" aria-label={label} aria-busy={!rows && !error ? true : undefined}>
          <thead className="bg-surface-2 text-left text-xs text-muted">
            <tr>
              {columns.map((column, i) => (
                <th key={i} scope="col" className={clsx('px-3 py-2 font-medium', column.className)}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {!rows && !error && <PlaceholderRows rows={3} columns={columns.length} />}
            {rows?.map((row, i) => (
              <tr key={rowKey(row, i)} className="border-t border-border align-top hover:bg-surface-2/60">
                {columns.map((column, j) => (
                  <td key={j} className={clsx('px-3 py-2', column.className)}>
                    {column.cell(row, i)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <TableNotes error={error} empty={rows && rows.length === 0 ? empty : undefined} />
    </div>
  );
}
