/** Boxes for overview pages: a titled panel, a figure with its caption, and label/value lists. */
import { clsx } from 'clsx';
import type { ReactNode } from 'react';

export function Panel({ title, children, className, actions }: { title: string; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section aria-label={title} className={clsx('rounded-lg border border-border bg-surface p-4', className)}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A number with its caption; a placeholder of the same size while it loads. */
export function Stat({ label, value }: { label: string; value: ReactNode | undefined }) {
  return (
    <div className="flex flex-col">
      <span className="h-7 text-xl font-semibold tabular-nums">
        {value === undefined ? <span className="inline-block h-5 w-10 animate-pulse rounded bg-surface-2" aria-hidden /> : value}
      </span>
      <span className="text-xs text-muted">{label}</span>
    </div>
  );
}

export function DefinitionList({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-6 gap-y-2 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted">{label}</dt>
          <dd className="min-w-0 break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
