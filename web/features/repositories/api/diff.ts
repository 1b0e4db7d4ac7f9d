/**
 * The diff between two artifacts (Berth's /berth/…/diff) and the references to pick from. The
 * first diff of two big images reads their layers: the server answers 202 with how far it got,
 * and the query asks again each second until the diff is there.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Artifact, ArtifactDiff, DiffProgress } from '../../../lib/api-types';
import { artifactKeys, type RepositoryRef } from '../../../lib/query-keys';
import { shortDigest } from '../artifact-text';
import { artifactUrl } from './artifacts';
import { repositoryUrl } from './repositories';

export type DiffAnswer = { ready: true; diff: ArtifactDiff } | { ready: false; progress: DiffProgress };

export const useArtifactDiff = (ref: RepositoryRef, from: string, to: string) =>
  useQuery({
    queryKey: [...artifactKeys.repository(ref), 'diff', from, to],
    queryFn: async (): Promise<DiffAnswer> => {
      const res = await api.get<ArtifactDiff | DiffProgress>(`/berth${artifactUrl(ref, from)}/diff`, { params: { with: to, wait: 5 } });
      return res.status === 202 ? { ready: false, progress: res.data as DiffProgress } : { ready: true, diff: res.data as ArtifactDiff };
    },
    enabled: from !== '' && to !== '',
    refetchInterval: (query) => (query.state.data && !query.state.data.ready ? 1000 : false),
    staleTime: Infinity,
  });

export interface ReferenceChoice {
  /** A tag, or the digest of an untagged artifact. */
  value: string;
  label: string;
}

/** The newest 100 artifacts' tags (and untagged digests), newest first, to choose the two sides from. */
export const useReferenceChoices = (ref: RepositoryRef) =>
  useQuery({
    queryKey: [...artifactKeys.repository(ref), 'compare-choices'],
    queryFn: async (): Promise<ReferenceChoice[]> => {
      const res = await api.get<Artifact[]>(`${repositoryUrl(ref)}/artifacts`, { params: { page_size: 100, with_tag: true, sort: '-push_time' } });
      return res.data.flatMap((a) =>
        a.tags && a.tags.length > 0 ? a.tags.map((t) => ({ value: t.name, label: t.name })) : [{ value: a.digest, label: shortDigest(a.digest) }],
      );
    },
  });
