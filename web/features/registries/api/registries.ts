/**
 * Registry endpoints (Harbor's tag "registry"): list, create, update, delete, the adapter types,
 * and the connection test with typed values. The server never returns a saved access secret.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { fuzzyQuery, type ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys, invalidate, registryKeys, replicationKeys } from '../../../lib/query-keys';
import type { Registry, RegistryCreate, RegistryPing, RegistryUpdate } from '../../../lib/replication-types';

export const registriesQuery = (params: ListParams) => pageQuery<Registry>(registryKeys.list(params), '/registries', params, { q: fuzzyQuery('name', params.filter) });

/** The adapter types this server can talk to ("harbor", "docker-registry", ...). */
export const useAdapters = () =>
  useQuery({
    queryKey: registryKeys.adapters,
    queryFn: async () => (await api.get<string[]>('/replication/adapters')).data,
    staleTime: 5 * 60_000,
  });

/** Lists, the rules that show a registry's name, and the audit log. */
function useRegistriesChanged() {
  const client = useQueryClient();
  return () => invalidate(client, registryKeys.all, replicationKeys.all, auditKeys.all);
}

/** A new registry (id null) or changes to a saved one. */
export type SaveRegistry = { id: null; body: RegistryCreate } | { id: number; body: RegistryUpdate };

export function useSaveRegistry() {
  const changed = useRegistriesChanged();
  return useMutation({
    mutationFn: async (save: SaveRegistry): Promise<void> => {
      if (save.id === null) await api.post('/registries', save.body);
      else await api.put(`/registries/${save.id}`, save.body);
    },
    onSuccess: changed,
  });
}

export function useDeleteRegistry() {
  const changed = useRegistriesChanged();
  return useMutation({ mutationFn: (registry: Registry) => api.delete(`/registries/${registry.id}`), onSuccess: changed });
}

/** Connects with the typed values (with an id: the saved registry, typed changes over it); fails with the plain reason. */
export const usePingRegistry = () => useMutation({ mutationFn: (ping: RegistryPing) => api.post('/registries/ping', ping) });
