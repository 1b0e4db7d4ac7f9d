/**
 * OpenLDAP's slapd for tests: started on free loopback ports (ldap:// with StartTLS, and
 * ldaps://) with a temporary database, seeded with a small directory:
 *
 *   dc=example,dc=org
 *     cn=search            the service account Berth searches with (password search-pw)
 *     ou=people
 *       uid=alice          mail alice@example.org, employeeType staff
 *       uid=dave           employeeType contractor (a filter can exclude him)
 *       ou=team
 *         uid=erin         one level below ou=people (found by subtree, not one-level)
 *     ou=others
 *       uid=carol          outside ou=people
 *     ou=groups            groupOfNames; the memberof overlay keeps each user's memberOf
 *       cn=developers      alice
 *       cn=berth-admins    erin
 *
 * Every user's password is "<uid>-pw". A test may add people (under ou=people) and groups
 * (under ou=groups) of its own, and change group membership with `setGroupMembers`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { freePort, waitForPort } from './free-port.js';
import { testCertificate } from './tls.js';

export const SLAPD = '/usr/sbin/slapd';
export const BASE = 'dc=example,dc=org';
const ROOT_DN = `cn=admin,${BASE}`;
const ROOT_PW = 'admin-pw';

export const PEOPLE_DN = `ou=people,${BASE}`;
export const GROUPS_DN = `ou=groups,${BASE}`;
export const groupDn = (cn: string) => `cn=${cn},${GROUPS_DN}`;
export const personDn = (uid: string) => `uid=${uid},${PEOPLE_DN}`;
/** groupOfNames needs a member; this one stands in for none. */
const NOBODY = `cn=search,${BASE}`;

export interface Slapd {
  url: string;
  ldapsUrl: string;
  port: number;
  /** Makes `uids` (under ou=people) the only members of the group `cn` under ou=groups. */
  setGroupMembers(cn: string, uids: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface ExtraEntries {
  /** uids to add under ou=people. */
  people?: string[];
  /** Group cn -> member uids (under ou=people). */
  groups?: Record<string, string[]>;
}

const group = (cn: string, memberDns: string[]) => ({
  dn: groupDn(cn),
  attributes: { objectClass: ['groupOfNames'], cn, member: [NOBODY, ...memberDns] },
});

function person(uid: string, parent: string, extra: Record<string, string> = {}) {
  return {
    dn: `uid=${uid},${parent}`,
    attributes: {
      objectClass: ['inetOrgPerson'],
      uid,
      cn: `${uid[0]!.toUpperCase()}${uid.slice(1)} Example`,
      sn: 'Example',
      mail: `${uid}@example.org`,
      userPassword: `${uid}-pw`,
      ...extra,
    },
  };
}

const ENTRIES: { dn: string; attributes: Record<string, string | string[]> }[] = [
  { dn: BASE, attributes: { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' } },
  { dn: `cn=search,${BASE}`, attributes: { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'search', userPassword: 'search-pw' } },
  { dn: `ou=people,${BASE}`, attributes: { objectClass: ['organizationalUnit'], ou: 'people' } },
  { dn: `ou=others,${BASE}`, attributes: { objectClass: ['organizationalUnit'], ou: 'others' } },
  { dn: `ou=team,ou=people,${BASE}`, attributes: { objectClass: ['organizationalUnit'], ou: 'team' } },
  person('alice', `ou=people,${BASE}`, { employeeType: 'staff' }),
  person('dave', `ou=people,${BASE}`, { employeeType: 'contractor' }),
  person('erin', `ou=team,ou=people,${BASE}`, { employeeType: 'staff' }),
  person('carol', `ou=others,${BASE}`, { employeeType: 'staff' }),
  { dn: GROUPS_DN, attributes: { objectClass: ['organizationalUnit'], ou: 'groups' } },
];

const SEED_GROUPS: Record<string, string[]> = { developers: [personDn('alice')], 'berth-admins': [`uid=erin,ou=team,${PEOPLE_DN}`] };

export async function startSlapd(extra: ExtraEntries = {}): Promise<Slapd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  const tls = testCertificate();
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `pidfile ${dir}/slapd.pid`,
      `TLSCertificateFile ${tls.certFile}`,
      `TLSCertificateKeyFile ${tls.keyFile}`,
      'database mdb',
      `suffix "${BASE}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PW}`,
      `directory ${dir}/db`,
      'overlay memberof',
      'memberof-refint TRUE',
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
    ].join('\n'),
  );
  const [port, ldapsPort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const child: ChildProcess = spawn(SLAPD, ['-f', conf, '-h', `${url}/ ${ldapsUrl}/`, '-d', '0'], { stdio: 'ignore' });
  await waitForPort(port);
  await waitForPort(ldapsPort);

  const admin = new Client({ url });
  await admin.bind(ROOT_DN, ROOT_PW);
  const people = (extra.people ?? []).map((uid) => person(uid, PEOPLE_DN, { employeeType: 'staff' }));
  const extraGroups = Object.entries(extra.groups ?? {}).map(([cn, uids]) => group(cn, uids.map(personDn)));
  const groups = [...Object.entries(SEED_GROUPS).map(([cn, dns]) => group(cn, dns)), ...extraGroups];
  for (const entry of [...ENTRIES, ...people, ...groups]) await admin.add(entry.dn, entry.attributes);
  await admin.unbind();

  return {
    url,
    ldapsUrl,
    port,
    setGroupMembers: async (cn, uids) => {
      const client = new Client({ url });
      await client.bind(ROOT_DN, ROOT_PW);
      try {
        await client.modify(groupDn(cn), new Change({ operation: 'replace', modification: new Attribute({ type: 'member', values: [NOBODY, ...uids.map(personDn)] }) }));
      } finally {
        await client.unbind();
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
