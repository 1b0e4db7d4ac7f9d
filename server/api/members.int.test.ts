/** /projects/{p}/members against a real server. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, fieldAndMessage, lastAuditId } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { ProjectMemberEntity } from './contracts/members.js';

type MemberJson = z.output<typeof ProjectMemberEntity>;

describe('project members', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let pat: ApiClient;
  let quinn: ApiClient;
  let rhea: ApiClient;
  const ids: Record<string, number> = {};
  let projectId: number;

  const members = async (client: ApiClient, query = '') => {
    const res = await client.get(`/projects/crew/members${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return z.array(ProjectMemberEntity).parse(res.body);
  };
  const memberId = async (username: string) => (await members(pat, `?entityname=${username}`)).find((m) => m.entity_name === username)!.id;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    for (const name of ['pat', 'quinn', 'rhea', 'sol', 'theo', 'ursa']) ids[name] = await createUser(admin, name);
    pat = await ApiClient.session(server, 'pat', 'Passw0rdX');
    quinn = await ApiClient.session(server, 'quinn', 'Passw0rdX');
    rhea = await ApiClient.session(server, 'rhea', 'Passw0rdX');
    const res = await pat.post('/projects', { project_name: 'crew' });
    projectId = Number(res.headers.get('location')!.split('/').at(-1));
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('the creator is the first member, as project admin', async () => {
    expect(await members(pat)).toEqual([
      { id: expect.any(Number), project_id: projectId, entity_name: 'pat', role_name: 'projectAdmin', role_id: 1, entity_id: ids.pat, entity_type: 'u' },
    ]);
  });

  test('a project admin adds users by name or by id with a role; each addition is audited', async () => {
    const before = lastAuditId(server);
    const byName = await pat.post('/projects/crew/members', { role_id: 2, member_user: { username: 'quinn' } });
    expect(byName.status).toBe(201);
    expect(byName.headers.get('location')).toMatch(new RegExp(`^/api/v2.0/projects/crew/members/\\d+$`));
    expect((await pat.post(`/projects/${projectId}/members`, { role_id: 5, member_user: { user_id: ids.rhea } })).status).toBe(201);
    expect((await pat.post('/projects/crew/members', { role_id: 3, member_user: { username: 'sol' } })).status).toBe(201);
    expect((await members(pat)).map((m) => [m.entity_name, m.role_name])).toEqual([
      ['pat', 'projectAdmin'],
      ['quinn', 'developer'],
      ['rhea', 'limitedGuest'],
      ['sol', 'guest'],
    ]);
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource_type, r.resource, r.project_id, r.operation_description])).toEqual([
      ['create', 'member', 'quinn', projectId, 'create user member quinn (developer) in project crew'],
      ['create', 'member', 'rhea', projectId, 'create user member rhea (limitedGuest) in project crew'],
      ['create', 'member', 'sol', projectId, 'create user member sol (guest) in project crew'],
    ]);
  });

  test('adding refuses a member twice (409), unknown users and bad roles (400 naming the field)', async () => {
    const twice = await pat.post('/projects/crew/members', { role_id: 3, member_user: { username: 'quinn' } });
    expect(twice.status).toBe(409);
    const cases: [unknown, string][] = [
      [{ role_id: 2, member_user: { username: 'nobody' } }, 'member_user: The user nobody does not exist.'],
      [{ role_id: 9, member_user: { username: 'theo' } }, 'role_id must be at most 5.'],
      [{ member_user: { username: 'theo' } }, 'role_id is required.'],
      [{ role_id: 2 }, 'member_user must give a user_id or a username.'],
      [{ role_id: 2, member_group: { id: 999 } }, 'member_group: The user group 999 does not exist.'],
    ];
    for (const [body, message] of cases) {
      const res = await pat.post('/projects/crew/members', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldAndMessage(res)).toContain(message);
    }
  });

  test('who may do what: members from guest up list, only project admins change; others 403, anonymous 401', async () => {
    expect((await members(quinn)).length).toBe(4);
    expect((await rhea.get('/projects/crew/members')).status).toBe(403);
    const theo = await ApiClient.session(server, 'theo', 'Passw0rdX');
    expect((await theo.get('/projects/crew/members')).status).toBe(403);
    expect((await ApiClient.anonymous(server).get('/projects/crew/members')).status).toBe(401);
    const denied = await quinn.post('/projects/crew/members', { role_id: 2, member_user: { username: 'theo' } });
    expect(denied.status).toBe(403);
    expect(errorOf(denied)?.message).toBe('You may not create the member of project crew.');
    expect((await quinn.put(`/projects/crew/members/${await memberId('sol')}`, { role_id: 1 })).status).toBe(403);
    expect((await admin.post('/projects/crew/members', { role_id: 4, member_user: { username: 'ursa' } })).status).toBe(201);
    expect((await pat.get('/projects/no-such/members')).status).toBe(404);
  });

  test('list filters by entityname and pages with X-Total-Count and Link; one member reads by id', async () => {
    const filtered = await members(pat, '?entityname=U');
    expect(filtered.map((m) => m.entity_name)).toEqual(['quinn', 'ursa']);
    const page = await pat.get('/projects/crew/members?page=2&page_size=2');
    expect((page.body as MemberJson[]).map((m) => m.entity_name)).toEqual(['rhea', 'sol']);
    expect(page.headers.get('x-total-count')).toBe('5');
    expect(page.headers.get('link')).toBe(
      '</api/v2.0/projects/crew/members?page=1&page_size=2>; rel="prev" , </api/v2.0/projects/crew/members?page=3&page_size=2>; rel="next"',
    );
    expect((await members(pat, '?sort=-role_id,entity_name')).map((m) => m.role_id)).toEqual([5, 4, 3, 2, 1]);
    const one = await pat.get<MemberJson>(`/projects/crew/members/${await memberId('sol')}`);
    expect(one.body).toMatchObject({ entity_name: 'sol', role_id: 3 });
    expect((await pat.get('/projects/crew/members/99999')).status).toBe(404);
    expect(errorOf(await pat.get('/projects/crew/members/abc'))?.message).toBe('mid must be a number.');
  });

  test('change a role and remove a member; both audited; the summary counts follow', async () => {
    const sol = await memberId('sol');
    const before = lastAuditId(server);
    expect((await pat.put(`/projects/crew/members/${sol}`, { role_id: 4 })).status).toBe(200);
    expect((await pat.get<MemberJson>(`/projects/crew/members/${sol}`)).body.role_name).toBe('maintainer');
    expect((await pat.put(`/projects/crew/members/${sol}`, { role_id: 0 })).status).toBe(400);
    expect((await pat.delete(`/projects/crew/members/${sol}`)).status).toBe(200);
    expect((await pat.delete(`/projects/crew/members/${sol}`)).status).toBe(404);
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource, r.username])).toEqual([
      ['update', 'sol', 'pat'],
      ['delete', 'sol', 'pat'],
    ]);
    expect((await pat.get('/projects/crew/summary')).body).toMatchObject({
      project_admin_count: 1,
      maintainer_count: 1,
      developer_count: 1,
      guest_count: 0,
      limited_guest_count: 1,
    });
  });

  test('the caller\'s permissions in the project follow the role (GET /users/current/permissions)', async () => {
    const relative = (await quinn.get<{ resource: string; action: string }[]>(`/users/current/permissions?scope=/project/${projectId}&relative=true`)).body;
    expect(relative).toContainEqual({ resource: 'repository', action: 'push' });
    expect(relative).toContainEqual({ resource: '.', action: 'read' });
    expect(relative).not.toContainEqual({ resource: 'repository', action: 'delete' });
    expect(relative).not.toContainEqual({ resource: 'member', action: 'create' });
    const absolute = (await quinn.get<{ resource: string; action: string }[]>(`/users/current/permissions?scope=/project/${projectId}`)).body;
    expect(absolute).toContainEqual({ resource: `/project/${projectId}/repository`, action: 'pull' });
    expect(absolute).toContainEqual({ resource: `/project/${projectId}`, action: 'read' });
    expect((await pat.get<unknown[]>(`/users/current/permissions?scope=/project/${projectId}&relative=true`)).body).toContainEqual({
      resource: 'member',
      action: 'create',
    });
    expect((await quinn.get('/users/current/permissions?scope=/system&relative=true')).body).toEqual([]);
    expect((await admin.get('/users/current/permissions?scope=/system&relative=true')).body).toContainEqual({ resource: 'user', action: 'create' });
    expect((await quinn.get('/users/current/permissions')).body).toEqual([]);
    expect((await quinn.get('/users/current/permissions?scope=/project/99999')).body).toEqual([]);
    expect((await ApiClient.anonymous(server).get('/users/current/permissions')).status).toBe(401);
  });
});
