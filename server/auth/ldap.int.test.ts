/** Directory sign-in against a real OpenLDAP slapd. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../testing/free-port.js';
import { BASE, startSlapd, type Slapd } from '../testing/slapd.js';
import { ldapAuthenticate, ldapPing, ldapSearchUsers, type LdapSettings } from './ldap.js';

let slapd: Slapd;

beforeAll(async () => {
  slapd = await startSlapd();
});

afterAll(async () => {
  await slapd.stop();
});

const settings = (overrides: Partial<LdapSettings> = {}): LdapSettings => ({
  ldap_url: slapd.url,
  ldap_search_dn: `cn=search,${BASE}`,
  ldap_search_password: 'search-pw',
  ldap_base_dn: `ou=people,${BASE}`,
  ldap_filter: '(objectClass=inetOrgPerson)',
  ldap_uid: 'uid',
  ldap_scope: 2,
  ldap_timeout: 3,
  ldap_verify_cert: false,
  ldap_starttls: false,
  ...overrides,
});

describe('ldapAuthenticate', () => {
  test('subtree search finds the user, binds as them, and returns e-mail and name from the directory', async () => {
    expect(await ldapAuthenticate(settings(), 'alice', 'alice-pw')).toEqual({
      dn: `uid=alice,ou=people,${BASE}`,
      username: 'alice',
      email: 'alice@example.org',
      realname: 'Alice Example',
      // From memberof (the overlay's memberOf): the groups the entry belongs to.
      groupDns: [`cn=developers,ou=groups,${BASE}`],
    });
    expect((await ldapAuthenticate(settings(), 'erin', 'erin-pw'))?.dn).toBe(`uid=erin,ou=team,ou=people,${BASE}`);
  });

  test('one-level scope sees direct children only; base scope sees only the base entry', async () => {
    expect(await ldapAuthenticate(settings({ ldap_scope: 1 }), 'alice', 'alice-pw')).not.toBeNull();
    expect(await ldapAuthenticate(settings({ ldap_scope: 1 }), 'erin', 'erin-pw')).toBeNull();
    const base = settings({ ldap_scope: 0, ldap_base_dn: `uid=alice,ou=people,${BASE}` });
    expect(await ldapAuthenticate(base, 'alice', 'alice-pw')).not.toBeNull();
    expect(await ldapAuthenticate(settings({ ldap_scope: 0 }), 'alice', 'alice-pw')).toBeNull();
  });

  test('a wrong or empty password, a user outside the base DN, and a user the filter excludes are all refused', async () => {
    expect(await ldapAuthenticate(settings(), 'alice', 'wrong')).toBeNull();
    expect(await ldapAuthenticate(settings(), 'alice', '')).toBeNull();
    expect(await ldapAuthenticate(settings(), 'carol', 'carol-pw')).toBeNull();
    expect(await ldapAuthenticate(settings({ ldap_base_dn: BASE }), 'carol', 'carol-pw')).not.toBeNull();
    const staffOnly = settings({ ldap_filter: '(employeeType=staff)' });
    expect(await ldapAuthenticate(staffOnly, 'dave', 'dave-pw')).toBeNull();
    expect(await ldapAuthenticate(staffOnly, 'alice', 'alice-pw')).not.toBeNull();
    expect(await ldapAuthenticate(settings({ ldap_filter: 'employeeType=staff' }), 'alice', 'alice-pw')).not.toBeNull();
  });

  test('filter syntax in the username is escaped, never interpreted', async () => {
    expect(await ldapAuthenticate(settings(), '*', 'alice-pw')).toBeNull();
    expect(await ldapAuthenticate(settings(), 'alice)(uid=*', 'alice-pw')).toBeNull();
  });

  test('StartTLS on ldap:// and implicit TLS on ldaps://, with and without certificate verification', async () => {
    expect(await ldapAuthenticate(settings({ ldap_starttls: true }), 'alice', 'alice-pw')).not.toBeNull();
    expect(await ldapAuthenticate(settings({ ldap_url: slapd.ldapsUrl }), 'alice', 'alice-pw')).not.toBeNull();
    await expect(
      ldapAuthenticate(settings({ ldap_url: slapd.ldapsUrl, ldap_verify_cert: true }), 'alice', 'alice-pw'),
    ).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/self[- ]signed/i) });
  });

  test('a directory that answers but refuses what the settings ask is told apart from one that is down', async () => {
    // An empty search password is an unauthenticated bind, which slapd refuses by default.
    await expect(ldapAuthenticate(settings({ ldap_search_password: '' }), 'alice', 'alice-pw')).rejects.toMatchObject({
      kind: 'PRECONDITION',
      message: expect.stringMatching(/^The LDAP server at ldap:\/\/127\.0\.0\.1:\d+ refused the request \(.+\); check the LDAP settings\.$/),
    });
  });

  test('a directory that is down gives a clear UNAVAILABLE error within the timeout, never a hang', async () => {
    const down = settings({ ldap_url: `ldap://127.0.0.1:${await freePort()}`, ldap_timeout: 2 });
    await expect(ldapAuthenticate(down, 'alice', 'alice-pw')).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      message: expect.stringMatching(/^The LDAP server at ldap:\/\/127\.0\.0\.1:\d+ cannot be reached/),
    });
  });

  test('a directory that accepts the connection but never answers times out after ldap_timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      await expect(
        ldapAuthenticate(settings({ ldap_url: `ldap://127.0.0.1:${port}`, ldap_timeout: 1 }), 'alice', 'alice-pw'),
      ).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });
});

describe('search and ping', () => {
  test('search lists users for import; ping reports success or the reason', async () => {
    const found = await ldapSearchUsers(settings(), null);
    expect(found.map((u) => u.username).sort()).toEqual(['alice', 'dave', 'erin']);
    expect((await ldapSearchUsers(settings(), 'al*')).map((u) => u.username)).toEqual(['alice']);
    expect(await ldapPing(settings())).toMatchObject({ success: true });
    expect(await ldapPing(settings({ ldap_search_password: 'wrong' }))).toEqual({
      success: false,
      message: 'The LDAP search DN or its password is wrong.',
    });
  });
});
