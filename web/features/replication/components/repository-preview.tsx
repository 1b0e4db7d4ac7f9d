/**
 * Which repositories a rule's name filter selects, before it is saved. For a push rule these are
 * this registry's repositories (GET /repositories with a "contains" query on the pattern's
 * longest plain part, then matched here with the same doublestar rules as the server); for a
 * pull rule, the source registry's, listed by the server as an execution would list them.
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

interface RemotePreview {
  repositories: string[];
  total: number;
  catalog: boolean;
  problem?: string;
}

function useRemoteMatches(registryId: number, pattern: string) {
  return useQuery({
    queryKey: replicationKeys.remotePreview(registryId, pattern),
    queryFn: async () => (await api.get<RemotePreview>(`/berth/registries/${registryId}/repositories`, { params: { name: pattern } })).data,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function RemotePreviewList({ registryId, pattern }: { registryId: number; pattern: string }) {
  const settled = useDebounced(pattern, 500);
  const { data, error, isPending } = useRemoteMatches(registryId, settled);
  if (isPending) return <p className="text-sm text-muted">Listing the source registry…</p>;
  if (error) return <p className="text-sm text-danger">The source registry could not be listed: {error.message}</p>;
  if (data.problem) return <p className="text-sm text-danger">{data.problem}</p>;
  const where = data.catalog ? 'of the source registry' : '(the source registry has no catalog: the filter must name them)';
  return <MatchList names={data.repositories} total={data.total} pattern={settled} where={where} />;
}

function LocalPreview({ pattern }: { pattern: string }) {
  const settled = useDebounced(pattern, 300);
  const { data, error, isPending } = useLocalMatches(settled);
  if (isPending) return <p className="text-sm text-muted">Looking for matching repositories…</p>;
  if (error) return <p className="text-sm text-danger">The repositories could not be listed: {error.message}</p>;
  const { names, candidates } = data;
  const note = candidates > CANDIDATES ? ` among the first ${CANDIDATES} of ${candidates} looked at` : '';
  return <MatchList names={names} total={names.length} pattern={settled} where="of this registry" note={note} />;
}

function MatchList({ names, total, pattern, where, note = '' }: { names: string[]; total: number; pattern: string; where: string; note?: string }) {
  if (names.length === 0) {
    return pattern ? (
      <p className="text-sm">
        No repository {where} matches <code className="font-mono break-all">{pattern}</code>.
      </p>
    ) : (
      <p className="text-sm">There are no repositories {where} yet.</p>
    );
  }
  return (
    <>
      <p className="mb-2 text-sm">
        {total === 1 ? '1 repository matches' : `${total} repositories match`}
        {note}:
      </p>
      <ul aria-label="Matching repositories" className="flex flex-col gap-1 text-sm">
        {names.slice(0, SHOWN).map((name) => (
          <li key={name} className="font-mono break-all">
            {name}
          </li>
        ))}
      </ul>
      {total > SHOWN && <p className="mt-2 text-xs text-muted">and {total - Math.min(SHOWN, names.length)} more.</p>}
    </>
  );
}

export function RepositoryPreview({ mode, registryId, pattern, tagFilter }: { mode: 'push' | 'pull'; registryId: number | null; pattern: string; tagFilter: string }) {
  return (
    <Panel title="Repositories this rule selects">
      <div aria-live="polite">
        {mode === 'push' ? (
          <LocalPreview pattern={pattern.trim()} />
        ) : registryId ? (
          <RemotePreviewList registryId={registryId} pattern={pattern.trim()} />
        ) : (
          <p className="text-sm text-muted">Choose the source registry to see which of its repositories the name filter selects.</p>
        )}
        {tagFilter.trim() && <p className="mt-2 text-xs text-muted">Within them, only the tags the tag filter selects are copied.</p>}
      </div>
    </Panel>
  );
}
