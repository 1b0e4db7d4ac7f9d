/**
 * Harbor's whole configuration surface against a real server: every key of its
 * ConfigurationsResponse and Configurations, secrets sealed, and read_only refusing writes on
 * /api, /c and /v2 alike while reads go on.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf, openServerDatabase } from '../testing/api-client.js';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

type ConfigItems = Record<string, { value: unknown; editable: boolean }>;

/** Harbor 2.16's ConfigurationsResponse, but uaa_client_secret: a secret is never returned. */
const RESPONSE_KEYS = [
  'auth_mode', 'primary_auth_mode', 'ldap_base_dn', 'ldap_filter', 'ldap_group_base_dn', 'ldap_group_admin_dn',
  'ldap_group_attribute_name', 'ldap_group_search_filter', 'ldap_group_search_scope', 'ldap_group_attach_parallel',
  'ldap_scope', 'ldap_search_dn', 'ldap_timeout', 'ldap_uid', 'ldap_url', 'ldap_verify_cert', 'ldap_group_membership_attribute',
  'project_creation_restriction', 'read_only', 'self_registration', 'token_expiration', 'uaa_client_id', 'uaa_endpoint',
  'uaa_verify_cert', 'http_authproxy_endpoint', 'http_authproxy_tokenreview_endpoint', 'http_authproxy_admin_groups',
  'http_authproxy_admin_usernames', 'http_authproxy_verify_cert', 'http_authproxy_skip_search', 'http_authproxy_server_certificate',
  'oidc_name', 'oidc_endpoint', 'oidc_client_id', 'oidc_groups_claim', 'oidc_admin_group', 'oidc_group_filter', 'oidc_scope',
  'oidc_user_claim', 'oidc_verify_cert', 'oidc_auto_onboard', 'oidc_extra_redirect_parms', 'oidc_logout', 'robot_token_duration',
  'robot_name_prefix', 'notification_enable', 'quota_per_project_enable', 'storage_per_project', 'audit_log_forward_endpoint',
  'skip_audit_log_database', 'scanner_skip_update_pulltime', 'scan_all_policy', 'session_timeout', 'banner_message',
  'disabled_audit_log_event_types',
];

/** A value for each key of Harbor's Configurations (PUT), of its type. */
const CHANGES: Record<string, unknown> = {
  primary_auth_mode: true,
  ldap_group_base_dn: 'ou=groups,dc=example,dc=com',
  ldap_group_admin_dn: 'cn=admins,ou=groups,dc=example,dc=com',
  ldap_group_attribute_name: 'cn',
  ldap_group_search_filter: '(objectClass=groupOfNames)',
  ldap_group_search_scope: 1,
  ldap_group_attach_parallel: true,
  ldap_group_membership_attribute: 'isMemberOf',
  uaa_client_id: 'berth',
  uaa_client_secret: 'uaa-secret-value',
  uaa_endpoint: 'https://uaa.example.com',
  uaa_verify_cert: true,
  http_authproxy_endpoint: 'https://auth.example.com/login',
  http_authproxy_tokenreview_endpoint: 'https://auth.example.com/review',
  http_authproxy_admin_groups: 'admins',
  http_authproxy_admin_usernames: 'root,ops',
  http_authproxy_verify_cert: false,
  http_authproxy_skip_search: true,
  http_authproxy_server_certificate: '-----BEGIN CERTIFICATE-----',
  oidc_name: 'Example SSO',
  oidc_endpoint: 'https://sso.example.com',
  oidc_client_id: 'berth',
  oidc_client_secret: 'oidc-secret-value',
  oidc_groups_claim: 'groups',
  oidc_admin_group: 'admins',
  oidc_group_filter: '^team-',
  oidc_scope: 'openid,email',
  oidc_user_claim: 'preferred_username',
  oidc_verify_cert: false,
  oidc_auto_onboard: true,
  oidc_extra_redirect_parms: '{"prompt":"login"}',
  oidc_logout: true,
  robot_token_duration: 90,
  robot_name_prefix: 'bot+',
  notification_enable: false,
  quota_per_project_enable: true,
  storage_per_project: 1_073_741_824,
  audit_log_forward_endpoint: 'tcp://syslog.example.com:514',
  skip_audit_log_database: true,
  scanner_skip_update_pulltime: true,
  banner_message: '{"closable":true,"message":"Maintenance at noon","type":"warning"}',
  disabled_audit_log_event_types: 'create_user,delete_user',
  scan_all_policy: { type: 'daily', parameter: { daily_time: 3600 } },
};

describe('configurations as Harbor has them', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    anonymous = ApiClient.anonymous(server);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('GET answers every key of Harbor\'s ConfigurationsResponse with {value, editable} and Harbor\'s defaults', async () => {
    const res = await admin.get<ConfigItems>('/configurations');
    expect(res.status).toBe(200);
    for (const key of RESPONSE_KEYS) {
      expect(res.body[key], key).toEqual({ value: expect.anything(), editable: expect.any(Boolean) });
    }
    expect(res.body).toMatchObject({
      read_only: { value: false },
      robot_name_prefix: { value: 'robot$' },
      robot_token_duration: { value: 30 },
      storage_per_project: { value: -1 },
      notification_enable: { value: true },
      oidc_extra_redirect_parms: { value: '{}' },
      ldap_group_search_scope: { value: 2 },
    });
    for (const secret of ['uaa_client_secret', 'oidc_client_secret', 'email_password', 'ldap_search_password']) expect(res.body).not.toHaveProperty(secret);
  });

  test('PUT takes each key of Harbor\'s Configurations: stored, returned (secrets sealed and never returned), and the live ones take effect', async () => {
    const put = await admin.put('/configurations', CHANGES);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const got = (await admin.get<ConfigItems>('/configurations')).body;
    for (const [key, value] of Object.entries(CHANGES)) {
      if (key.endsWith('_secret')) expect(got, key).not.toHaveProperty(key);
      else expect(got[key]!.value, key).toEqual(value);
    }
    const db = openServerDatabase(server);
    try {
      const stored = db.prepare("select k, v from system_config where k like '%client_secret'").all() as { k: string; v: string }[];
      expect(stored.map((r) => r.k).sort()).toEqual(['oidc_client_secret', 'uaa_client_secret']);
      for (const row of stored) expect(row.v).not.toContain('secret-value');
    } finally {
      db.close();
    }

    // systeminfo shows the banner and the flags; a new project gets storage_per_project as its quota.
    expect((await anonymous.get('/systeminfo')).body).toMatchObject({ banner_message: CHANGES.banner_message, primary_auth_mode: true });
    expect((await admin.get('/systeminfo')).body).toMatchObject({ notification_enable: false, read_only: false });
    expect((await admin.post('/projects', { project_name: 'quota-default' })).status).toBe(201);
    expect((await admin.get<{ quota: { hard: { storage: number } } }>('/projects/quota-default/summary')).body.quota.hard.storage).toBe(1_073_741_824);

    // Harbor's checks: skipping the audit database needs a forwarder; values of the wrong type name their key.
    const skip = await admin.put('/configurations', { audit_log_forward_endpoint: '' });
    expect(skip.status).toBe(400);
    expect(errorOf(skip)!.message).toContain('audit log forward endpoint should be configured');
    for (const [key, value] of [['read_only', 'yes'], ['storage_per_project', 0], ['robot_name_prefix', ''], ['oidc_extra_redirect_parms', '[1]']] as const) {
      const res = await admin.put('/configurations', { [key]: value });
      expect(res.status, key).toBe(400);
      expect(errorOf(res)!.message, key).toMatch(new RegExp(`^${key}: `));
    }
  });

  test('read_only refuses every write on /api, /c and /v2 with Harbor\'s 403 and message; reads, sign-in and the switch itself stay open', async () => {
    const registry = new RegistryClient(server.url, ADMIN);
    const before = buildImage({ seed: 'read-only-before' });
    await registry.pushImage('library/ro', 'v1', [before.config, ...before.layers], before.manifest);
    expect((await admin.put('/configurations', { read_only: true })).status).toBe(200);
    expect((await admin.get('/systeminfo')).body).toMatchObject({ read_only: true });

    const message = 'The system is in read only mode. Any modification is prohibited.';
    const apiWrite = await admin.post('/projects', { project_name: 'during-read-only' });
    expect([apiWrite.status, errorOf(apiWrite)?.message]).toEqual([403, message]);
    expect((await admin.delete('/projects/quota-default')).status).toBe(403);
    expect((await admin.put('/users/1/sysadmin', { sysadmin_flag: true })).status).toBe(403);
    const signUp = await anonymous.post('/c/sign_up', { username: 'newbie', email: 'n@example.com', password: 'Passw0rdX', realname: 'N' });
    expect([signUp.status, errorOf(signUp)?.message]).toEqual([403, message]);

    const after = buildImage({ seed: 'read-only-after' });
    const blob = await registry.pushBlob('library/ro', after.config);
    expect(blob.status).toBe(403);
    expect(await blob.json()).toEqual({ errors: [{ code: 'DENIED', message, detail: {} }] });
    const manifest = await registry.pushManifest('library/ro', 'v1', before.manifest);
    expect(manifest.status).toBe(403);
    const removal = await registry.fetch(`/v2/library/ro/manifests/${before.manifest.digest}`, ['repository:library/ro:delete'], { method: 'DELETE' });
    expect(removal.status).toBe(403);

    // Reads go on: pulls, lists, sign-in.
    expect(await registry.manifestStatus('library/ro', 'v1')).toBe(200);
    expect((await admin.get('/projects/library/repositories/ro/artifacts')).status).toBe(200);
    expect((await ApiClient.anonymous(server).login('admin', 'Harbor12345')).status).toBe(200);

    expect((await admin.put('/configurations', { read_only: false })).status).toBe(200);
    expect((await registry.pushBlob('library/ro', after.config)).status).toBe(201);
    expect((await admin.post('/projects', { project_name: 'after-read-only' })).status).toBe(201);
  });
});
