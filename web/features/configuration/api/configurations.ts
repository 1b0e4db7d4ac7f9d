/**
 * Runtime settings (GET/PUT /configurations), the e-mail and LDAP tests with unsaved values,
 * and the directory search and import (server/api/contracts/configurations.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../../lib/api-client';
import type {
  ConfigurationsRequest,
  ConfigurationsResponse,
  EmailSettings,
  LdapConf,
  LdapFailedImportUser,
  LdapImportUsers,
  LdapPingResult,
  LdapUser,
  OidcEndpoint,
} from '../../../lib/api-types';
import { auditKeys, configurationKeys, invalidate, userKeys } from '../../../lib/query-keys';
import { systemInfoQuery } from '../../../lib/system-info';

type Stored<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** The settings the server returns (every one but the two secrets), typed. */
export type StoredSettings = Stored<Omit<EmailSettings, 'email_password'>> &
  Stored<Omit<LdapConf, 'ldap_search_password'>> & {
    auth_mode: 'db_auth' | 'ldap_auth' | 'oidc_auth';
    ldap_group_base_dn: string;
    ldap_group_search_filter: string;
    ldap_group_attribute_name: string;
    ldap_group_admin_dn: string;
    ldap_group_membership_attribute: string;
    ldap_group_search_scope: 0 | 1 | 2;
    oidc_name: string;
    oidc_endpoint: string;
    oidc_client_id: string;
    oidc_scope: string;
    oidc_user_claim: string;
    oidc_groups_claim: string;
    oidc_admin_group: string;
    oidc_group_filter: string;
    oidc_extra_redirect_parms: string;
    oidc_verify_cert: boolean;
    oidc_auto_onboard: boolean;
    self_registration: boolean;
    token_expiration: number;
    session_timeout: number;
    project_creation_restriction: 'everyone' | 'adminonly';
    audit_log_retention_days: number;
  };

export interface Configurations {
  settings: StoredSettings;
  /** False for a setting that cannot change now (auth_mode once users other than admin exist). */
  editable: Partial<Record<keyof StoredSettings, boolean>>;
}

export const useConfigurations = () =>
  useQuery({
    queryKey: configurationKeys.all,
    queryFn: async () => (await api.get<ConfigurationsResponse>('/configurations')).data,
    select: (data): Configurations => ({
      settings: Object.fromEntries(Object.entries(data).map(([key, item]) => [key, item.value])) as StoredSettings,
      editable: Object.fromEntries(Object.entries(data).map(([key, item]) => [key, item.editable])),
    }),
  });

/** The settings themselves, what the sign-in page reads (self-registration), and the audit log. */
function useSettingsChanged() {
  const client = useQueryClient();
  return () => invalidate(client, configurationKeys.all, systemInfoQuery.queryKey, auditKeys.all);
}

/** Sends only the keys given: the caller passes what changed. */
export function useSaveConfigurations() {
  const changed = useSettingsChanged();
  return useMutation({
    mutationFn: (changes: ConfigurationsRequest) => api.put('/configurations', changes),
    onSuccess: changed,
  });
}

/** Connects with the unsaved values (a left-out password means the stored one); fails with the SMTP server's answer. */
export const usePingEmail = () => useMutation({ mutationFn: (settings: EmailSettings) => api.post('/email/ping', settings) });

export const usePingLdap = () =>
  useMutation({ mutationFn: async (settings: LdapConf) => (await api.post<LdapPingResult>('/ldap/ping', settings)).data });

/** Reads the provider's discovery document at the typed endpoint (the saved secret is not needed). */
export const usePingOidc = () => useMutation({ mutationFn: (endpoint: OidcEndpoint) => api.post('/system/oidc/ping', endpoint) });

/** Directory users matching a uid pattern, searched with the saved LDAP settings. */
export const useLdapSearch = (username: string | null) =>
  useQuery({
    queryKey: configurationKeys.ldapSearch(username ?? ''),
    queryFn: async () => (await api.get<LdapUser[]>('/ldap/users/search', { params: { username } })).data,
    enabled: username !== null,
    staleTime: 0,
  });

/** Imports directory users; resolves with those that could not be imported (the server's 404 lists them). */
export function useImportLdapUsers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (uids: string[]): Promise<LdapFailedImportUser[]> => {
      try {
        await api.post('/ldap/users/import', { ldap_uid_list: uids } satisfies LdapImportUsers);
        return [];
      } catch (err) {
        if (err instanceof ApiError && err.status === 404 && Array.isArray(err.body)) return err.body as LdapFailedImportUser[];
        throw err;
      }
    },
    // New users: the users list, the audit log, and auth_mode (no longer editable once others exist).
    onSettled: () => invalidate(client, userKeys.all, auditKeys.all, configurationKeys.all),
  });
}
