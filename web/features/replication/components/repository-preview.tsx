/**
 * Which repositories a rule's name filter selects, before it is saved. For a push rule these are
 * this registry's repositories (GET /repositories with a "contains" query on the pattern's
 * longest plain part, then matched here with the same doublestar rules as the server).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Panel } from '../../../components/ui/panel';
import { api } from '../../../lib/api-client';
import type { Repository } from '../../../lib/api-types';
import { fuzzyQuery } from '../../../lib/list-params';
import { replicationKeys } from '../../../lib/query-keys';
import { globMatcher, literalPart } from '../doublestar';

/** Harbor's largest page: the preview looks at up to this many candidates. */
const CANDIDATES = 100;
const SHOWN = 20;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function useLocalMatches(pattern: string) {
  return useQuery({
    queryKey: replicationKeys.preview(pattern),
    queryFn: async () => {
      const res = await api.get<Repository[]>('/repositories', {
        params: { page: 1, page_size: CANDIDATES, sort: 'name', q: fuzzyQuery('name', literalPart(pattern)) },
      });
      const matches = globMatcher(pattern);
      return { names: res.data.map((r) => r.name).filter(matches), candidates: Number(res.headers['x-total-count'] ?? res.data.length) };
    },
    placeholderData: keepPreviousData,
  });
}

function LocalPreview({ pattern }: { pattern: string }) {
  const settled = useDebounced(pattern, 300);
  const { data, error, isPending } = useLocalMatches(settled);
  if (isPending) return <p className="text-sm text-muted">Looking for matching repositories…</p>;
  if (error) return <p className="text-sm text-danger">The repositories could not be listed: {error.message}</p>;
  const { names, candidates } = data;
  if (names.length === 0) {
    return settled ? (
      <p className="text-sm">
        No repository of this registry matches <code className="font-mono break-all">{settled}</code>.
      </p>
    ) : (
      <p className="text-sm">This registry has no repositories yet.</p>
    );
  }
  return (
    <>
      <p className="mb-2 text-sm">
        {names.length === 1 ? '1 repository matches' : `${names.length} repositories match`}
        {candidates > CANDIDATES && ` among the first ${CANDIDATES} of ${candidates} looked at`}:
      </p>
      <ul aria-label="Matching repositories" className="flex flex-col gap-1 text-sm">
        {names.slice(0, SHOWN).map((name) => (
          <li key={name} className="font-mono break-all">
            {name}
          </li>
        ))}
      </ul>
      {names.length > SHOWN && <p className="mt-2 text-xs text-muted">and {names.length - SHOWN} more.</p>}
    </>
  );
}

export function RepositoryPreview({ mode, pattern, tagFilter }: { mode: 'push' | 'pull'; pattern: string; tagFilter: string }) {
  return (
    <Panel title="Repositories this rule selects">
      <div aria-live="polite">
        {mode === 'push' ? (
          <LocalPreview pattern={pattern.trim()} />
        ) : (
          <p className="text-sm text-muted">
            The remote registry&apos;s repositories are listed when the rule runs: its execution shows each one it copied. Check the name filter
            against the remote&apos;s repository names (<code className="font-mono">library/**</code> selects every repository under library).
          </p>
        )}
        {tagFilter.trim() && <p className="mt-2 text-xs text-muted">Within them, only the tags the tag filter selects are copied.</p>}
      </div>
    </Panel>
  );
}
