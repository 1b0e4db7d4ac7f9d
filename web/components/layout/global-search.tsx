/**
 * The header's search box: projects and repositories the user can see, as they type; Enter opens
 * the first match (or shows the list again). aria-controls names the list only while it exists.
 */
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useDeferredValue, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../config/paths';
import { api } from '../../lib/api-client';
import type { SearchResult } from '../../lib/api-types';
import { searchKeys } from '../../lib/query-keys';

export function GlobalSearch() {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const query = useDeferredValue(text.trim());
  const listId = useId();
  const results = useQuery({
    queryKey: searchKeys.text(query),
    queryFn: async () => (await api.get<SearchResult>('/search', { params: { q: query } })).data,
    enabled: query.length > 0,
    staleTime: 10_000,
  });
  const close = () => {
    setOpen(false);
    setText('');
  };
  const data = results.data;
  const navigate = useNavigate();
  const first = data?.project[0]
    ? paths.project(data.project[0].project_id)
    : data?.repository[0]
      ? paths.repository(data.repository[0].project_id, data.repository[0].repository_name.slice(data.repository[0].project_name.length + 1))
      : undefined;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') close();
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (first && open) {
      close();
      void navigate(first);
    } else setOpen(true);
  };
  const showing = open && query !== '';
  const nothing = data && data.project.length === 0 && data.repository.length === 0;
  return (
    <div className="relative max-w-md" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <Search size={14} className="pointer-events-none absolute top-2 left-2 text-header-fg/70" aria-hidden />
      <input
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-label="Search projects and repositories"
        aria-controls={showing ? listId : undefined}
        aria-expanded={showing}
        placeholder="Search projects and repositories"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        className="h-7 w-full rounded bg-white/15 pr-2 pl-7 text-sm text-header-fg placeholder:text-header-fg/60 focus:bg-white/25 focus:outline-none"
      />
      {showing && (
        <div id={listId} className="absolute top-8 left-0 z-50 w-full rounded border border-border bg-surface p-1 text-sm text-fg shadow-lg">
          {results.isPending && <p className="px-2 py-1 text-muted">Searching...</p>}
          {nothing && <p className="px-2 py-1 text-muted">Nothing matches "{query}".</p>}
          {data && data.project.length > 0 && <p className="px-2 pt-1 text-xs font-semibold text-muted">Projects</p>}
          {data?.project.map((p) => (
            <Link key={`p${p.project_id}`} to={paths.project(p.project_id)} onClick={close} className="block rounded px-2 py-1 hover:bg-surface-2">
              {p.name}
            </Link>
          ))}
          {data && data.repository.length > 0 && <p className="px-2 pt-1 text-xs font-semibold text-muted">Repositories</p>}
          {data?.repository.map((r) => (
            <Link
              key={`r${r.repository_name}`}
              to={paths.repository(r.project_id, r.repository_name.slice(r.project_name.length + 1))}
              onClick={close}
              className="block rounded px-2 py-1 hover:bg-surface-2"
            >
              {r.repository_name}
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}
