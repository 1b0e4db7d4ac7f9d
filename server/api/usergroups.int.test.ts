/**
 * User groups against a real slapd (auth_mode ldap_auth, the memberof overlay): /usergroups in
 * Harbor's shapes, /ldap/groups/search, an LDAP group made a project developer letting its member
 * push with skopeo until the directory takes the member out (then refused from the next sign-in),
 * and the LDAP admin group's members being system admins.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { buildImage, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { BASE, groupDn, GROUPS_DN, startSlapd, type Slapd } from '../testing/slapd.js';

let slapd: Slapd;
let server: ServerProcess;
let admin: ApiClient;
let work: string;

const image = buildImage({ seed: 'group-pushed' });

const ldapSettings = () => ({
  auth_mode: 'ldap_auth',
  ldap_url: slapd.url,
  ldap_search_dn: `cn=search,${BASE}`,
  ldap_search_password: 'search-pw',
  ldap_base_dn: `ou=people,${BASE}`,
  ldap_filter: '(employeeType=staff)',
  ldap_uid: 'uid',
  ldap_scope: 2,
  ldap_timeout: 5,
  ldap_verify_cert: false,
  ldap_group_base_dn: GROUPS_DN,
  ldap_group_search_filter: '(objectClass=groupOfNames)',
  ldap_group_attribute_name: 'cn',
  ldap_group_search_scope: 2,
  ldap_group_membership_attribute: 'memberof',
  ldap_group_admin_dn: groupDn('berth-admins'),
});

function skopeo(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') }, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stderr }),
    );
  });
}

const pushAs = (user: string, tag: string) =>
  skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${user}:${user}-pw`, `oci:${work}/layout:app`, `docker://${server.url.slice(7)}/grp/app:${tag}`);

beforeAll(async () => {
  [slapd, server, work] = await Promise.all([
    startSlapd({ people: ['frank'] }),
    startServer({ preparedDataVolume: inject('preparedDataVolume') }),
    mkdtemp(path.join(os.tmpdir(), 'berth-groups-')),
  ]);
  await writeOciLayout(path.join(work, 'layout'), imageBlobs(image), { app: image.manifest });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  expect((await admin.put('/configurations', ldapSettings())).status).toBe(200);
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await slapd.stop();
  await rm(work, { recursive: true, force: true });
});

describe('user groups', () => {
  test('/usergroups: create, list, get, rename, search and delete in Harbor\'s shapes; only system admins manage them', async () => {
    const created = await admin.post('/usergroups', { group_name: 'qa-team', group_type: 3 });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/\/api\/v2\.0\/usergroups\/\d+$/);
    const id = Number(location.split('/').pop());
    expect((await admin.post('/usergroups', { group_name: 'qa-team', group_type: 3 })).status).toBe(409);
    const nameless = await admin.post('/usergroups', { group_type: 3 });
    expect(nameless.status).toBe(400);
    expect(errorOf(nameless)?.message).toMatch(/group_name/);
    expect((await admin.post('/usergroups', { group_name: 'x', group_type: 7 })).status).toBe(400);

    const list = await admin.get<unknown[]>('/usergroups?group_name=qa');
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect(list.body).toEqual([{ id, group_name: 'qa-team', group_type: 3, ldap_group_dn: '' }]);
    expect((await admin.get(`/usergroups/${id}`)).body).toEqual({ id, group_name: 'qa-team', group_type: 3, ldap_group_dn: '' });
    expect((await admin.put(`/usergroups/${id}`, { group_name: 'quality' })).status).toBe(200);

    const frank = ApiClient.basic(server, 'frank', 'frank-pw');
    const found = await frank.get<unknown[]>('/usergroups/search?groupname=qual');
    expect(found.status).toBe(200);
    expect(found.body).toEqual([{ id, group_name: 'quality', group_type: 3 }]);
    expect((await frank.get('/usergroups')).status).toBe(403);
    expect((await frank.post('/usergroups', { group_name: 'mine', group_type: 3 })).status).toBe(403);
    expect((await ApiClient.anonymous(server).get('/usergroups/search?groupname=q')).status).toBe(401);

    expect((await admin.delete(`/usergroups/${id}`)).status).toBe(200);
    expect((await admin.get(`/usergroups/${id}`)).status).toBe(404);
  });

  test('/ldap/groups/search finds directory groups by name and by DN; an LDAP group must be in the directory', async () => {
    const byName = await admin.get<unknown[]>('/ldap/groups/search?groupname=devel*');
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual([{ group_name: 'developers', group_type: 1, ldap_group_dn: groupDn('developers') }]);
    const byDn = await admin.get<unknown[]>(`/ldap/groups/search?groupdn=${encodeURIComponent(groupDn('berth-admins'))}`);
    expect(byDn.body).toEqual([{ group_name: 'berth-admins', group_type: 1, ldap_group_dn: groupDn('berth-admins') }]);
    expect((await admin.get(`/ldap/groups/search?groupdn=${encodeURIComponent(groupDn('nobody-here'))}`)).body).toEqual([]);
    const missing = await admin.post('/usergroups', { group_type: 1, ldap_group_dn: groupDn('nobody-here') });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)?.message).toMatch(/not in the directory/);
    expect((await ApiClient.basic(server, 'frank', 'frank-pw').get('/ldap/groups/search?groupname=d*')).status).toBe(403);
  });

  test('an LDAP group made project developer lets its member push with skopeo; out of the group, the right goes at the next sign-in', async () => {
    expect((await admin.post('/projects', { project_name: 'grp', metadata: { public: 'false' } })).status).toBe(201);
    const added = await admin.post('/projects/grp/members', { role_id: 2, member_group: { group_type: 1, ldap_group_dn: groupDn('developers') } });
    expect(added.status).toBe(201);
    const members = await admin.get<{ entity_type: string; entity_name: string; role_id: number }[]>('/projects/grp/members');
    expect(members.body.filter((m) => m.entity_type === 'g')).toEqual([expect.objectContaining({ entity_name: 'developers', role_id: 2, role_name: 'developer' })]);
    const imported = await admin.get<{ id: number }[]>(`/usergroups?ldap_group_dn=${encodeURIComponent(groupDn('developers'))}`);
    expect(imported.body).toHaveLength(1);
    // The same group by id is the same member: a conflict.
    expect((await admin.post('/projects/grp/members', { role_id: 3, member_group: { id: imported.body[0]!.id } })).status).toBe(409);

    expect(await pushAs('alice', 'v1')).toMatchObject({ code: 0 });
    expect((await pushAs('frank', 'v1')).code).toBe(1);
    const aliceSession = await ApiClient.session(server, 'alice', 'alice-pw');
    const project = await aliceSession.get<{ current_user_role_id: number }>('/projects/grp');
    expect(project.status).toBe(200);
    expect(project.body.current_user_role_id).toBe(2);
    // The project counts among hers in the statistics, through the group.
    expect((await aliceSession.get<{ private_project_count: number; private_repo_count: number }>('/statistics')).body).toMatchObject({
      private_project_count: 1,
      private_repo_count: 1,
    });

    await slapd.setGroupMembers('developers', []);
    // The session begun while alice was in the group keeps what it was given; a new sign-in does not.
    expect((await aliceSession.get('/projects/grp')).status).toBe(200);
    const later = await ApiClient.session(server, 'alice', 'alice-pw');
    expect((await later.get('/projects/grp')).status).toBe(403);
    // docker login (a token for no scope) is a sign-in: afterwards the push is refused.
    expect(await skopeo('login', '--tls-verify=false', '-u', 'alice', '-p', 'alice-pw', server.url.slice(7))).toMatchObject({ code: 0 });
    expect((await pushAs('alice', 'v2')).code).toBe(1);
  });

  test('members of the LDAP admin group are system admins for their sign-in, without the account\'s flag', async () => {
    const erin = await ApiClient.session(server, 'erin', 'erin-pw');
    const me = await erin.get<{ sysadmin_flag: boolean; admin_role_in_auth: boolean }>('/users/current');
    expect(me.body).toMatchObject({ sysadmin_flag: false, admin_role_in_auth: true });
    expect((await erin.get('/usergroups')).status).toBe(200);
    expect((await ApiClient.basic(server, 'erin', 'erin-pw').get('/usergroups')).status).toBe(200);
    expect((await ApiClient.basic(server, 'alice', 'alice-pw').get('/usergroups')).status).toBe(403);
  });
});
