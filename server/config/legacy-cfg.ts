/**
 * `berth prepare --from-cfg harbor.cfg`: a Harbor 1.x harbor.cfg (INI-like `key = value`) as the
 * equivalent harbor.yml. Settings Harbor 2 moved into the database land in `initial_settings`,
 * which seeds Berth's runtime settings at first start; the rest become harbor.yml keys.
 */
import { stringify } from 'yaml';

export interface LegacyConversion {
  /** The harbor.yml text. */
  yaml: string;
  /** harbor.cfg keys that became runtime settings (initial_settings). */
  runtimeKeys: string[];
  /** One sentence per key that needs the operator's attention. */
  notes: string[];
}

/** harbor.cfg key -> runtime setting name and how to read its value. */
const RUNTIME: Record<string, [string, 'string' | 'int' | 'bool' | 'scope']> = {
  auth_mode: ['auth_mode', 'string'],
  self_registration: ['self_registration', 'bool'],
  token_expiration: ['token_expiration', 'int'],
  project_creation_restriction: ['project_creation_restriction', 'string'],
  email_server: ['email_host', 'string'],
  email_server_port: ['email_port', 'int'],
  email_username: ['email_username', 'string'],
  email_password: ['email_password', 'string'],
  email_from: ['email_from', 'string'],
  email_identity: ['email_identity', 'string'],
  email_ssl: ['email_ssl', 'bool'],
  email_insecure: ['email_insecure', 'bool'],
  ldap_url: ['ldap_url', 'string'],
  ldap_searchdn: ['ldap_search_dn', 'string'],
  ldap_search_pwd: ['ldap_search_password', 'string'],
  ldap_basedn: ['ldap_base_dn', 'string'],
  ldap_filter: ['ldap_filter', 'string'],
  ldap_uid: ['ldap_uid', 'string'],
  ldap_scope: ['ldap_scope', 'scope'],
  ldap_timeout: ['ldap_timeout', 'int'],
  ldap_verify_cert: ['ldap_verify_cert', 'bool'],
};

const NOT_USED: Record<string, string> = {
  admiral_url: 'VIC Admiral integration does not exist in Berth',
  clair_db_password: 'Berth has no Clair scanner',
  db_host: 'the embedded database needs no host; set database.host to use PostgreSQL',
  db_port: 'the embedded database needs no port',
  db_user: 'the embedded database needs no user',
  db_password: 'the embedded database needs no password; set database.password to use PostgreSQL',
  redis_url: 'Berth keeps shared state in its database',
  redis_host: 'Berth keeps shared state in its database',
  redis_port: 'Berth keeps shared state in its database',
  redis_password: 'Berth keeps shared state in its database',
  redis_db_index: 'Berth keeps shared state in its database',
  registry_storage_provider_name: 'Berth stores blobs under data_volume',
  registry_storage_provider_config: 'Berth stores blobs under data_volume',
  registry_custom_ca_bundle: 'Berth stores blobs under data_volume',
  uaa_endpoint: 'UAA authentication is not supported',
  uaa_clientid: 'UAA authentication is not supported',
  uaa_clientsecret: 'UAA authentication is not supported',
  uaa_verify_cert: 'UAA authentication is not supported',
  uaa_ca_cert: 'UAA authentication is not supported',
  http_proxy: 'Berth makes no outbound calls through a proxy yet',
  https_proxy: 'Berth makes no outbound calls through a proxy yet',
  no_proxy: 'Berth makes no outbound calls through a proxy yet',
  reload_config: 'Berth reads harbor.yml at every start',
  skip_reload_env_pattern: 'Berth reads harbor.yml at every start',
};

export function parseCfg(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    values.set(key, value);
  }
  return values;
}

const toBool = (v: string) => ['on', 'true', 'yes', '1'].includes(v.toLowerCase());

/**
 * The seed's harbor.cfg counts LDAP scopes from 1 (1 base, 2 one level, 3 subtree); Harbor 2,
 * and Berth's setting, from 0. 0 can only be the newer numbering; 1-3 are read as the seed's.
 */
function toScope(v: string, notes: string[]): number | undefined {
  const n = toInt('ldap_scope', v, notes);
  if (n === undefined) return undefined;
  if (n === 0) return 0;
  if (n >= 1 && n <= 3) {
    notes.push(`ldap_scope = ${n} read as Harbor 1.x's numbering (1 base, 2 one level, 3 subtree): Berth's ldap_scope is ${n - 1}. If this harbor.cfg counted from 0, set it again in the console.`);
    return n - 1;
  }
  notes.push(`ldap_scope = ${v} is not a scope (1 base, 2 one level, 3 subtree); left out.`);
  return undefined;
}

function toInt(key: string, v: string, notes: string[]): number | undefined {
  const n = Number(v);
  if (Number.isInteger(n)) return n;
  notes.push(`${key} = ${v} is not a whole number; left out.`);
  return undefined;
}

export function convertHarborCfg(text: string): LegacyConversion {
  const cfg = parseCfg(text);
  const notes: string[] = [];
  const yml: Record<string, unknown> = {};
  const settings: Record<string, string | number | boolean> = {};
  const runtimeKeys: string[] = [];
  const take = (key: string) => {
    const value = cfg.get(key);
    cfg.delete(key);
    return value === undefined || value === '' ? undefined : value;
  };

  const hostname = take('hostname');
  if (hostname) yml.hostname = hostname;
  const protocol = (take('ui_url_protocol') ?? 'http').toLowerCase();
  const cert = take('ssl_cert');
  const key = take('ssl_cert_key');
  yml.http = { port: 80 };
  if (protocol === 'https') {
    yml.https = { port: 443, certificate: cert ?? '/data/cert/server.crt', private_key: key ?? '/data/cert/server.key' };
  }
  notes.push('http.port is 80 as Harbor 1.x served it; binding it needs root or CAP_NET_BIND_SERVICE, or pick another port.');

  const adminPassword = take('harbor_admin_password');
  if (adminPassword) yml.harbor_admin_password = adminPassword;

  const workers = take('max_job_workers');
  if (workers) {
    const n = toInt('max_job_workers', workers, notes);
    if (n !== undefined) yml.jobservice = { max_job_workers: n };
  }

  const local: Record<string, unknown> = {};
  const rotateCount = take('log_rotate_count');
  if (rotateCount) {
    const n = toInt('log_rotate_count', rotateCount, notes);
    if (n !== undefined) local.rotate_count = n;
  }
  const rotateSize = take('log_rotate_size');
  if (rotateSize) local.rotate_size = rotateSize;
  if (Object.keys(local).length) yml.log = { local };

  const customizeCrt = take('customize_crt');
  if (customizeCrt !== undefined) {
    notes.push(
      toBool(customizeCrt)
        ? 'customize_crt = on: `berth prepare` creates the token key and certificate under <data_volume>/secret when they are missing.'
        : 'customize_crt = off: put your own key at <data_volume>/secret/core/private_key.pem and certificate at <data_volume>/secret/registry/root.crt before the first start.',
    );
  }
  const secretkeyPath = take('secretkey_path');
  if (secretkeyPath) {
    notes.push(
      `secretkey_path = ${secretkeyPath}: Berth keeps its secret key at <data_volume>/secret/keys/secretkey; copy ${secretkeyPath}/secretkey there to keep using the old key.`,
    );
  }

  for (const [legacy, [setting, kind]] of Object.entries(RUNTIME)) {
    const value = take(legacy);
    if (value === undefined) continue;
    const converted = kind === 'bool' ? toBool(value) : kind === 'int' ? toInt(legacy, value, notes) : kind === 'scope' ? toScope(value, notes) : value;
    if (converted === undefined) continue;
    settings[setting] = converted;
    runtimeKeys.push(legacy);
  }
  if (Object.keys(settings).length) yml.initial_settings = settings;

  for (const [legacy, reason] of Object.entries(NOT_USED)) {
    if (take(legacy) !== undefined) notes.push(`${legacy}: not used (${reason}).`);
  }
  for (const legacy of cfg.keys()) notes.push(`${legacy}: not a harbor.cfg key Berth knows; left out.`);

  const header =
    '# Converted from a Harbor 1.x harbor.cfg by `berth prepare --from-cfg`.\n' +
    '# initial_settings seed the runtime settings at first start; change them later in the console.\n';
  return { yaml: header + stringify(yml), runtimeKeys, notes };
}
