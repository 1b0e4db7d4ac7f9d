/**
 * Dedup-aware storage in the console: what deleting an artifact, repository or project frees
 * ("Deleting this frees 212 MiB; 1.4 GiB stays, shared with 9 other images"), fetched when the
 * delete dialog opens, and the figures' hooks for the project summary and statistics pages.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api-client';
import type { ArtifactStorage, ScopeStorage, SystemStorage } from '../lib/api-types';
import { statisticsKeys, storageKeys, type RepositoryRef } from '../lib/query-keys';
import { freesSentence } from '../lib/storage-text';

const enc = encodeURIComponent;
const repositoryPath = (ref: RepositoryRef) => `/berth/projects/${enc(ref.projectName)}/repositories/${enc(enc(ref.repository))}`;

export const useProjectStorage = (projectName: string, enabled = true) =>
  useQuery({
    queryKey: storageKeys.project(projectName),
    queryFn: async () => (await api.get<ScopeStorage>(`/berth/projects/${enc(projectName)}/storage`, { headers: { 'X-Is-Resource-Name': 'true' } })).data,
    enabled: enabled && projectName !== '',
  });

export const useRepositoryStorage = (ref: RepositoryRef, enabled = true) =>
  useQuery({
    queryKey: storageKeys.repository(ref),
    queryFn: async () => (await api.get<ScopeStorage>(`${repositoryPath(ref)}/storage`)).data,
    enabled: enabled && ref.repository !== '',
  });

export const useArtifactStorage = (ref: RepositoryRef, reference: string) =>
  useQuery({
    queryKey: storageKeys.artifact(ref, reference),
    queryFn: async () => (await api.get<ArtifactStorage>(`${repositoryPath(ref)}/artifacts/${enc(reference)}/storage`)).data,
    enabled: reference !== '',
  });

export const useSystemStorage = (enabled = true) =>
  useQuery({
    queryKey: statisticsKeys.storage,
    queryFn: async () => (await api.get<SystemStorage>('/berth/statistics/storage')).data,
    enabled,
  });

/** Nothing while loading or when the caller may not read storage: the dialog stands without it. */
function Sentence({ text }: { text: string | undefined }) {
  if (!text) return null;
  return <span className="mt-2 block">{text}</span>;
}

export function ArtifactFrees({ target, reference }: { target: RepositoryRef; reference: string }) {
  const data = useArtifactStorage(target, reference).data;
  return <Sentence text={data && freesSentence(data.frees, data.stays, data.shared_with)} />;
}

export function RepositoryFrees({ target }: { target: RepositoryRef }) {
  const data = useRepositoryStorage(target).data;
  return <Sentence text={data && freesSentence(data.unique, data.shared)} />;
}

export function ProjectFrees({ projectName }: { projectName: string }) {
  const data = useProjectStorage(projectName).data;
  return <Sentence text={data && freesSentence(data.unique, data.shared)} />;
}
