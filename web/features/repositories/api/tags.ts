/** An artifact's tags: a page of them, the first few for a table row, add one, remove one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TAG } from '../../../../server/api/contracts/rules/names';
import { api } from '../../../lib/api-client';
import type { NewTag, Tag } from '../../../lib/api-types';
import { pageQuery } from '../../../lib/list-page';
import { fuzzyQuery, type ListParams } from '../../../lib/list-params';
import { fetchPage } from '../../../lib/pages';
import { artifactKeys, auditKeys, invalidate, repositoryKeys, type RepositoryRef } from '../../../lib/query-keys';
import { z } from '../../../lib/zod';
import { artifactUrl } from './artifacts';

/** How many tags a table row shows before "+N more". */
export const TAG_PREVIEW = 3;

/** A page of an artifact's tags, for useListPage. */
export const tagsQuery = (ref: RepositoryRef, digest: string) => (params: ListParams) =>
  pageQuery<Tag>(artifactKeys.tags(ref, digest, params), `${artifactUrl(ref, digest)}/tags`, params, { q: fuzzyQuery('name', params.filter) });

/** The newest few tags of an artifact and how many it has in all. */
export const useTagPreview = (ref: RepositoryRef, digest: string) =>
  useQuery({
    queryKey: artifactKeys.tagPreview(ref, digest),
    queryFn: () => fetchPage<Tag>(`${artifactUrl(ref, digest)}/tags`, { page: 1, pageSize: TAG_PREVIEW, filter: '', sort: '-push_time', filters: {} }),
    staleTime: 30_000,
    enabled: digest !== '',
  });

/** The OCI distribution spec's tag grammar: the one the server enforces. */
export const TAG_PATTERN = TAG;

export const newTagSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Type a tag.')
    .max(128, 'A tag has at most 128 characters.')
    .regex(/^[a-zA-Z0-9_]/, 'A tag starts with a letter, a digit or _.')
    .regex(TAG_PATTERN, 'A tag holds only letters, digits, and . _ -'),
});
export type NewTagInput = z.output<typeof newTagSchema>;

/** A tag changes the repository's lists (its rows' tags), the repository's update time and the log. */
function useTagsChanged(ref: RepositoryRef) {
  const client = useQueryClient();
  return () => invalidate(client, artifactKeys.repository(ref), repositoryKeys.project(ref.projectName), auditKeys.all);
}

export function useCreateTag(ref: RepositoryRef, digest: string) {
  const changed = useTagsChanged(ref);
  return useMutation({
    mutationFn: (input: NewTagInput) => api.post(`${artifactUrl(ref, digest)}/tags`, { name: input.name } satisfies NewTag),
    onSuccess: changed,
  });
}

export interface TagTarget {
  digest: string;
  name: string;
}

export function useDeleteTag(ref: RepositoryRef) {
  const changed = useTagsChanged(ref);
  return useMutation({
    mutationFn: (tag: TagTarget) => api.delete(`${artifactUrl(ref, tag.digest)}/tags/${encodeURIComponent(tag.name)}`),
    onSuccess: changed,
  });
}
