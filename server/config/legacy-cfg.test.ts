import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { convertHarborCfg } from './legacy-cfg.js';
import { loadConfig } from './load.js';
import { writeFileSync } from 'node:fs';

/** A harbor.cfg as the seed's guide configures it (Harbor 1.5/1.6). */
const SEED_CFG = `
## Configuration file of Harbor
_version = 1.5.0
hostname = 192.168.242.132
ui_url_protocol = https
max_job_workers = 5
customize_crt = on
ssl_cert = /data/cert/server.crt
ssl_cert_key = /data/cert/server.key
secretkey_path = /data/admin
admiral_url = NA
log_rotate_count = 5
log_rotate_size = 200M
email_identity =
email_server = smtp.mydomain.com
email_server_port = 25
email_username = sample_admin@mydomain.com
email_password = abc
email_from = admin <sample_admin@mydomain.com>
email_ssl = false
email_insecure = false
harbor_admin_password = Harbor12345
auth_mode = ldap_auth
ldap_url = ldaps://ldap.mydomain.com
ldap_searchdn = uid=searchme,ou=people,dc=mydomain,dc=com
ldap_search_pwd = password
ldap_basedn = ou=people,dc=mydomain,dc=com
ldap_filter = (objectClass=person)
ldap_uid = uid
ldap_scope = 3
ldap_timeout = 5
db_host = mysql
db_password = root123
db_port = 3306
db_user = root
self_registration = on
project_creation_restriction = everyone
`;

test('the seed harbor.cfg becomes a harbor.yml that Berth loads, with runtime settings in initial_settings', () => {
  const conversion = convertHarborCfg(SEED_CFG);
  const yml = parse(conversion.yaml) as Record<string, unknown>;
  expect(yml).toMatchObject({
    hostname: '192.168.242.132',
    https: { port: 443, certificate: '/data/cert/server.crt', private_key: '/data/cert/server.key' },
    harbor_admin_password: 'Harbor12345',
    jobservice: { max_job_workers: 5 },
    log: { local: { rotate_count: 5, rotate_size: '200M' } },
    initial_settings: {
      auth_mode: 'ldap_auth',
      self_registration: true,
      project_creation_restriction: 'everyone',
      email_host: 'smtp.mydomain.com',
      email_port: 25,
      email_username: 'sample_admin@mydomain.com',
      email_password: 'abc',
      email_from: 'admin <sample_admin@mydomain.com>',
      email_ssl: false,
      email_insecure: false,
      ldap_url: 'ldaps://ldap.mydomain.com',
      ldap_search_dn: 'uid=searchme,ou=people,dc=mydomain,dc=com',
      ldap_search_password: 'password',
      ldap_base_dn: 'ou=people,dc=mydomain,dc=com',
      ldap_filter: '(objectClass=person)',
      ldap_uid: 'uid',
      ldap_scope: 2,
      ldap_timeout: 5,
    },
  });
  expect(conversion.runtimeKeys).toEqual(
    expect.arrayContaining(['auth_mode', 'email_server', 'ldap_searchdn', 'ldap_search_pwd', 'self_registration']),
  );
  const notes = conversion.notes.join('\n');
  expect(notes).toMatch(/customize_crt = on/);
  expect(notes).toMatch(/secretkey_path = \/data\/admin/);
  expect(notes).toMatch(/db_password: not used/);
  expect(notes).toMatch(/admiral_url: not used/);
  expect(notes).toMatch(/_version: not a harbor\.cfg key/);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-legacy-'));
  const file = path.join(dir, 'harbor.yml');
  writeFileSync(file, conversion.yaml);
  const { config } = loadConfig({ file, env: {}, cwd: dir });
  expect(config.external_url).toBe('https://192.168.242.132');
  expect(config.log.local.rotate_size).toBe(200 * 1024 * 1024);
});

test('http protocol keeps plain http on port 80; off switches read as false', () => {
  const yml = parse(convertHarborCfg('hostname = reg.local\nui_url_protocol = http\nself_registration = off\n').yaml);
  expect(yml).toEqual({ hostname: 'reg.local', http: { port: 80 }, initial_settings: { self_registration: false } });
});
