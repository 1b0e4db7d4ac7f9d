/** The audit log's filters: who, what was done, to what kind of thing, which one, and when. */
import { X } from 'lucide-react';
import { Button } from '../../../components/ui/button';
import { FilterInput } from '../../../components/ui/filter-input';
import { controlClass } from '../../../components/ui/field';
import { useAuditVocabulary } from '../api/audit-logs';

export interface AuditFiltersProps {
  filters: Readonly<Record<string, string>>;
  onChange: (filters: Record<string, string>) => void;
}

const words = (text: string) => text.replace(/_/g, ' ');

export function AuditFilters({ filters, onChange }: AuditFiltersProps) {
  const vocabulary = useAuditVocabulary().data;
  const set = (key: string) => (value: string) => onChange({ [key]: value });
  const active = Object.values(filters).some(Boolean);
  return (
    <div className="mb-3 flex flex-wrap items-end gap-2" role="group" aria-label="Filters">
      <FilterInput label="Filter by user" placeholder="User" className="w-36" value={filters.username ?? ''} onChange={set('username')} />
      <select aria-label="Operation" className={controlClass} value={filters.operation ?? ''} onChange={(e) => set('operation')(e.target.value)}>
        <option value="">All operations</option>
        {vocabulary?.operations.map((op) => (
          <option key={op} value={op}>
            {words(op)}
          </option>
        ))}
      </select>
      <select aria-label="Resource type" className={controlClass} value={filters.resource_type ?? ''} onChange={(e) => set('resource_type')(e.target.value)}>
        <option value="">All resource types</option>
        {vocabulary?.resourceTypes.map((type) => (
          <option key={type} value={type}>
            {words(type)}
          </option>
        ))}
      </select>
      <FilterInput label="Filter by resource" placeholder="Resource" className="w-40" value={filters.resource ?? ''} onChange={set('resource')} />
      <div role="group" aria-label="Time range" className="flex max-w-full flex-wrap items-center gap-1 text-xs text-muted">
        <label className="flex max-w-full min-w-0 items-center gap-1">
          From
          <input type="datetime-local" className={`${controlClass} min-w-0`} value={filters.from ?? ''} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label className="flex max-w-full min-w-0 items-center gap-1">
          to
          <input type="datetime-local" className={`${controlClass} min-w-0`} value={filters.to ?? ''} onChange={(e) => set('to')(e.target.value)} />
        </label>
      </div>
      {active && (
        <Button size="md" variant="ghost" onClick={() => onChange(Object.fromEntries(Object.keys(filters).map((k) => [k, ''])))}>
          <X size={14} aria-hidden /> Clear filters
        </Button>
      )}
    </div>
  );
}
