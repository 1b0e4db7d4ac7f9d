/**
 * Runtime settings (Harbor's /configurations), the e-mail and LDAP tests, and LDAP user import.
 * GET gives {key: {value, editable}} without any secret; PUT takes a flat partial {key: value}.
 */
import { z } from 'zod';
import { errorResponses, ok } from './common.js';
import { operation } from './operation.js';

export const ConfigurationsResponse = z
  .record(z.string(), z.object({ value: z.unknown(), editable: z.boolean() }))
  .meta({
    id: 'ConfigurationsResponse',
    description: 'Every setting, Harbor\'s keys and the e-mail ones, but the secrets (e-mail and LDAP passwords, UAA and OIDC client secrets), with whether it may change now.',
  });

export const Configurations = z
  .record(z.string(), z.unknown())
  .meta({
    id: 'Configurations',
    description: 'The settings to change, by Harbor\'s names (each key of Harbor\'s Configurations, and scan_all_policy); anything left out stays as it is. read_only: true refuses every write but this one and signing in.',
  });

export const EmailSettings = z
  .object({
    email_host: z.string().max(255).optional(),
    email_port: z.int().min(1).max(65535).optional(),
    email_username: z.string().max(255).optional(),
    email_password: z.string().max(1024).optional().describe('Left out: the stored password.'),
    email_from: z.string().max(255).optional(),
    email_identity: z.string().max(255).optional(),
    email_ssl: z.boolean().optional(),
    email_starttls: z.boolean().optional(),
    email_insecure: z.boolean().optional(),
  })
  .meta({ id: 'EmailSettings', description: 'Settings to try instead of the stored ones (unsaved form values).' });

export const LdapConf = z
  .object({
    ldap_url: z.string().max(1024).optional(),
    ldap_search_dn: z.string().max(1024).optional(),
    ldap_search_password: z.string().max(1024).optional().describe('Left out: the stored password.'),
    ldap_base_dn: z.string().max(1024).optional(),
    ldap_filter: z.string().max(1024).optional(),
    ldap_uid: z.string().max(255).optional(),
    ldap_scope: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional().describe('0 base, 1 one level, 2 subtree (Harbor 2).'),
    ldap_timeout: z.int().min(1).max(300).optional(),
    ldap_verify_cert: z.boolean().optional(),
    ldap_starttls: z.boolean().optional(),
  })
  .meta({ id: 'LdapConf', description: 'Settings to try instead of the stored ones (unsaved form values).' });

export const LdapPingResult = z.object({ success: z.boolean(), message: z.string() }).meta({ id: 'LdapPingResult' });

export const LdapUser = z
  .object({ username: z.string(), realname: z.string(), email: z.string() })
  .meta({ id: 'LdapUser' });

export const LdapImportUsers = z
  .object({ ldap_uid_list: z.array(z.string().min(1).max(255)).min(1).max(1000) })
  .meta({ id: 'LdapImportUsers' });

export const LdapFailedImportUser = z.object({ uid: z.string(), error: z.string() }).meta({ id: 'LdapFailedImportUser' });

export const configurationOperations = {
  getConfigurations: operation({
    id: 'getConfigurations',
    method: 'get',
    path: '/configurations',
    summary: 'The runtime settings.',
    tag: 'configure',
    access: 'system admins',
    responses: { 200: { description: 'The settings.', body: ConfigurationsResponse }, ...errorResponses(401, 403) },
  }),
  updateConfigurations: operation({
    id: 'updateConfigurations',
    method: 'put',
    path: '/configurations',
    summary: 'Change runtime settings (audited). The authentication mode cannot change once users other than admin exist.',
    tag: 'configure',
    access: 'system admins',
    body: Configurations,
    responses: { ...ok, ...errorResponses(400, 401, 403) },
  }),
  pingEmail: operation({
    id: 'pingEmail',
    method: 'post',
    path: '/email/ping',
    summary: 'Connect to the SMTP server (TLS and sign-in as configured) without sending; a failure gives its answer.',
    tag: 'email',
    access: 'system admins',
    body: EmailSettings.optional(),
    responses: { ...ok, ...errorResponses(400, 401, 403) },
  }),
  pingLdap: operation({
    id: 'pingLdap',
    method: 'post',
    path: '/ldap/ping',
    summary: 'Connect and bind to the LDAP server and run one search.',
    tag: 'Ldap',
    access: 'system admins',
    body: LdapConf.optional(),
    responses: { 200: { description: 'The outcome.', body: LdapPingResult }, ...errorResponses(400, 401, 403) },
  }),
  searchLdapUser: operation({
    id: 'searchLdapUser',
    method: 'get',
    path: '/ldap/users/search',
    summary: 'Directory users whose uid matches (* wildcards), for import.',
    tag: 'Ldap',
    access: 'system admins',
    query: z.object({ username: z.string().max(255).optional().describe('A uid or a pattern such as al*.') }),
    responses: { 200: { description: 'The users.', body: z.array(LdapUser) }, ...errorResponses(400, 401, 403, 412, 503) },
  }),
  importLdapUser: operation({
    id: 'importLdapUser',
    method: 'post',
    path: '/ldap/users/import',
    summary: 'Make local records for directory users, so they can be added to projects before their first sign-in.',
    tag: 'Ldap',
    access: 'system admins',
    body: LdapImportUsers,
    responses: {
      ...ok,
      404: { description: 'Some users could not be imported.', body: z.array(LdapFailedImportUser) },
      ...errorResponses(400, 401, 403, 412, 503),
    },
  }),
};
