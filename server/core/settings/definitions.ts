/**
 * Runtime settings: what an administrator changes while Berth runs (Harbor's "user scope"
 * configurations, same keys). harbor.yml holds what needs a restart. Each setting is declared
 * once here with its type, default and whether it is a secret (stored encrypted, never returned).
 */
import { z } from 'zod';

export interface SettingDefaults {
  /** harbor.yml's token_expiration is the default until an administrator changes it. */
  token_expiration: number;
}

/** An attribute name (uid, sAMAccountName) or an OID: it goes into every user search filter. */
const LDAP_ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

/** Parentheses that close in order (values escape theirs as \28 and \29); the rest is the directory's to judge. */
function balancedParentheses(filter: string): boolean {
  let depth = 0;
  for (const ch of filter) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function isStringMap(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

export const settingSchemas = {
  auth_mode: z.enum(['db_auth', 'ldap_auth', 'oidc_auth']),
  self_registration: z.boolean(),
  token_expiration: z.int().min(1).max(10_080),
  session_timeout: z.int().min(1).max(525_600),
  project_creation_restriction: z.enum(['everyone', 'adminonly']),
  email_host: z.string().max(255),
  email_port: z.int().min(1).max(65535),
  email_username: z.string().max(255),
  email_password: z.string().max(1024),
  email_from: z.string().max(255),
  email_identity: z.string().max(255),
  email_ssl: z.boolean(),
  email_starttls: z.boolean(),
  email_insecure: z.boolean(),
  ldap_url: z
    .string()
    .max(1024)
    .refine((v) => v === '' || /^ldaps?:\/\/[^\s/]+\/?$/i.test(v), { error: 'must be an address such as ldap://ldap.example.com or ldaps://ldap.example.com:636' }),
  ldap_search_dn: z.string().max(1024),
  ldap_search_password: z.string().max(1024),
  ldap_base_dn: z.string().max(1024),
  ldap_filter: z
    .string()
    .max(1024)
    .refine(balancedParentheses, { error: 'must be an LDAP filter whose parentheses balance, such as (objectClass=person)' }),
  ldap_uid: z.string().max(255).regex(LDAP_ATTRIBUTE, { error: 'must be an attribute name such as uid or sAMAccountName' }),
  // Harbor 2's numbering: 0 base, 1 one level, 2 subtree.
  ldap_scope: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: 'must be 0 (base), 1 (one level) or 2 (subtree)' }),
  ldap_timeout: z.int().min(1).max(300),
  ldap_verify_cert: z.boolean(),
  ldap_starttls: z.boolean(),
  audit_log_retention_days: z.int().min(0).max(36_500),

  // The rest of Harbor's configuration keys (its Configurations and ConfigurationsResponse).
  // Stored and returned so Harbor's tools can set them; README.md says which take effect.
  read_only: z.boolean(),
  primary_auth_mode: z.boolean(),
  banner_message: z.string().max(4096),
  notification_enable: z.boolean(),
  quota_per_project_enable: z.boolean(),
  // Harbor's QuotaType: -1 (none) or 1 byte to 1024 TB.
  storage_per_project: z.int().refine((v) => v === -1 || (v >= 1 && v <= 1024 ** 5), { error: 'must be -1 (no limit) or 1 to 1125899906842624 bytes' }),
  robot_token_duration: z.int().min(1).max(9_999_999_999),
  robot_name_prefix: z.string().min(1).max(255),
  scan_all_policy: z.object({ type: z.string().max(32), parameter: z.record(z.string(), z.unknown()).optional() }),
  scanner_skip_update_pulltime: z.boolean(),
  audit_log_forward_endpoint: z.string().max(1024),
  skip_audit_log_database: z.boolean(),
  disabled_audit_log_event_types: z.string().max(4096),
  ldap_group_base_dn: z.string().max(1024),
  ldap_group_admin_dn: z.string().max(1024),
  ldap_group_attribute_name: z.string().max(255),
  ldap_group_search_filter: z.string().max(1024),
  ldap_group_search_scope: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: 'must be 0 (base), 1 (one level) or 2 (subtree)' }),
  ldap_group_attach_parallel: z.boolean(),
  ldap_group_membership_attribute: z.string().max(255),
  uaa_client_id: z.string().max(1024),
  uaa_client_secret: z.string().max(1024),
  uaa_endpoint: z.string().max(1024),
  uaa_verify_cert: z.boolean(),
  http_authproxy_endpoint: z.string().max(1024),
  http_authproxy_tokenreview_endpoint: z.string().max(1024),
  http_authproxy_admin_groups: z.string().max(4096),
  http_authproxy_admin_usernames: z.string().max(4096),
  http_authproxy_verify_cert: z.boolean(),
  http_authproxy_skip_search: z.boolean(),
  http_authproxy_server_certificate: z.string().max(65_536),
  oidc_name: z.string().max(255),
  oidc_endpoint: z.string().max(1024),
  oidc_client_id: z.string().max(1024),
  oidc_client_secret: z.string().max(1024),
  oidc_groups_claim: z.string().max(255),
  oidc_admin_group: z.string().max(255),
  oidc_group_filter: z.string().max(1024),
  oidc_scope: z.string().max(1024),
  oidc_user_claim: z.string().max(255),
  oidc_verify_cert: z.boolean(),
  oidc_auto_onboard: z.boolean(),
  // A JSON object of strings, as text (Harbor's StringToStringMapType).
  oidc_extra_redirect_parms: z.string().max(4096).refine(isStringMap, { error: 'must be a JSON object of strings, such as {"prompt":"login"}' }),
  oidc_logout: z.boolean(),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set(['email_password', 'ldap_search_password', 'uaa_client_secret', 'oidc_client_secret']);

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(settingSchemas, key);

/** What a setting takes, in words, for harbor.yml's `<key>: <expected>, got <found>` lines. */
export function expectedSetting(key: SettingKey): string {
  const schema: z.ZodType = settingSchemas[key];
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(', ')}`;
  if (schema instanceof z.ZodBoolean) return 'true or false';
  if (schema instanceof z.ZodUnion) {
    const values = schema.options.flatMap((option) => (option instanceof z.ZodLiteral ? [...option.values] : []));
    return `one of ${values.join(', ')}`;
  }
  if (schema instanceof z.ZodNumber) return `a whole number from ${schema.minValue} to ${schema.maxValue}`;
  if (schema instanceof z.ZodString) return `text of at most ${schema.maxLength} characters`;
  return 'a valid value';
}

export function defaultSettings(defaults: SettingDefaults): Settings {
  return {
    auth_mode: 'db_auth',
    self_registration: false,
    token_expiration: defaults.token_expiration,
    session_timeout: 60,
    project_creation_restriction: 'everyone',
    email_host: '',
    email_port: 25,
    email_username: '',
    email_password: '',
    email_from: '',
    email_identity: '',
    email_ssl: false,
    // Harbor's behaviour: STARTTLS when offered; true insists on it.
    email_starttls: false,
    email_insecure: false,
    ldap_url: '',
    ldap_search_dn: '',
    ldap_search_password: '',
    ldap_base_dn: '',
    ldap_filter: '',
    ldap_uid: 'uid',
    ldap_scope: 2,
    ldap_timeout: 5,
    ldap_verify_cert: true,
    ldap_starttls: false,
    audit_log_retention_days: 0,
    // Harbor's defaults (src/lib/config/metadata/metadatalist.go).
    read_only: false,
    primary_auth_mode: false,
    banner_message: '',
    notification_enable: true,
    quota_per_project_enable: true,
    storage_per_project: -1,
    robot_token_duration: 30,
    robot_name_prefix: 'robot$',
    scan_all_policy: { type: 'none' },
    scanner_skip_update_pulltime: false,
    audit_log_forward_endpoint: '',
    skip_audit_log_database: false,
    disabled_audit_log_event_types: '',
    ldap_group_base_dn: '',
    ldap_group_admin_dn: '',
    ldap_group_attribute_name: '',
    ldap_group_search_filter: '',
    ldap_group_search_scope: 2,
    ldap_group_attach_parallel: false,
    ldap_group_membership_attribute: 'memberof',
    uaa_client_id: '',
    uaa_client_secret: '',
    uaa_endpoint: '',
    uaa_verify_cert: false,
    http_authproxy_endpoint: '',
    http_authproxy_tokenreview_endpoint: '',
    http_authproxy_admin_groups: '',
    http_authproxy_admin_usernames: '',
    http_authproxy_verify_cert: true,
    http_authproxy_skip_search: false,
    http_authproxy_server_certificate: '',
    oidc_name: '',
    oidc_endpoint: '',
    oidc_client_id: '',
    oidc_client_secret: '',
    oidc_groups_claim: '',
    oidc_admin_group: '',
    oidc_group_filter: '',
    oidc_scope: '',
    oidc_user_claim: '',
    oidc_verify_cert: true,
    oidc_auto_onboard: false,
    oidc_extra_redirect_parms: '{}',
    oidc_logout: false,
  };
}
