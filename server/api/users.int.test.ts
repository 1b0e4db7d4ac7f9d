/** /users against a real server. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, fieldAndMessage, lastAuditId } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { UserResp, UserSearchRespItem } from './contracts/users.js';

type UserJson = z.output<typeof UserResp>;

describe('users', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let wes: ApiClient;
  const ids: Record<string, number> = {};

  const usernames = (res: { body: unknown }) => z.array(UserResp).parse(res.body).map((u) => u.username);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    for (const name of ['wes', 'xena', 'yuri', 'zack']) ids[name] = await createUser(admin, name);
    wes = await ApiClient.session(server, 'wes', 'Passw0rdX');
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('create: 201 with Location, audited; the new user signs in', async () => {
    const before = lastAuditId(server);
    const res = await admin.post('/users', { username: 'nova', email: 'Nova@Example.com', realname: 'Nova N', comment: 'new', password: 'Passw0rdN' });
    expect(res.status).toBe(201);
    const id = Number(res.headers.get('location')!.match(/^\/api\/v2\.0\/users\/(\d+)$/)![1]);
    const nova = UserResp.parse((await admin.get(`/users/${id}`)).body);
    expect(nova).toMatchObject({ user_id: id, username: 'nova', email: 'nova@example.com', realname: 'Nova N', comment: 'new', sysadmin_flag: false });
    expect(nova).not.toHaveProperty('password');
    expect(auditRowsSince(server, before)).toMatchObject([{ operation: 'create', resource_type: 'user', resource: 'nova', username: 'admin', project_id: null }]);
    expect((await ApiClient.basic(server, 'nova', 'Passw0rdN').get('/users/current')).status).toBe(200);
  });

  test('create refuses duplicates (409), bad fields (400 naming them), non-admins (403) and anonymous callers (401)', async () => {
    const nameTaken = await admin.post('/users', { username: 'wes', email: 'other@example.com', password: 'Passw0rdX' });
    expect(nameTaken.status).toBe(409);
    expect(errorOf(nameTaken)).toEqual({ code: 'CONFLICT', message: 'The username wes is already taken.', field: 'username' });
    const mailTaken = await admin.post('/users', { username: 'wes2', email: 'wes@example.com', password: 'Passw0rdX' });
    expect(mailTaken.status).toBe(409);
    expect(errorOf(mailTaken)).toEqual({ code: 'CONFLICT', message: 'That e-mail address is already in use.', field: 'email' });
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'bad,name', email: 'b@example.com', password: 'Passw0rdX' }, 'username'],
      [{ username: 'mail', email: 'not-an-address', password: 'Passw0rdX' }, 'email: The e-mail address is not valid.'],
      [{ username: 'weak', email: 'w@example.com', password: 'password' }, 'The password must contain'],
      [{ email: 'n@example.com', password: 'Passw0rdX' }, 'username is required.'],
      [{ username: 'nomail', email: '', password: 'Passw0rdX' }, 'email is required.'],
      [{ username: 'nomail', email: '  ', password: 'Passw0rdX' }, 'email is required.'],
      [{ username: 'c', email: 'c@example.com', password: 'Passw0rdX', comment: 'x'.repeat(31) }, 'comment must be at most 30 characters long.'],
    ];
    for (const [body, message] of cases) {
      const res = await admin.post('/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldAndMessage(res)).toContain(message);
    }
    // UserCreationReq's maxLength is in Harbor's swagger, checked before its handler: 422.
    const long = await admin.post('/users', { username: 'u'.repeat(256), email: 'u@example.com', password: 'Passw0rdX' });
    expect([long.status, errorOf(long)]).toEqual([422, { code: 'UNPROCESSABLE_ENTITY', message: 'username must be at most 255 characters long.', field: 'username' }]);
    expect((await wes.post('/users', { username: 'sneaky', email: 's@example.com', password: 'Passw0rdX' })).status).toBe(403);
    expect((await ApiClient.anonymous(server).post('/users', { username: 'anon', email: 'a@example.com', password: 'Passw0rdX' })).status).toBe(401);
  });

  test('list (admins only) with username and email filters, q, sort and paging', async () => {
    expect(usernames(await admin.get('/users'))).toEqual(['admin', 'nova', 'wes', 'xena', 'yuri', 'zack']);
    expect(usernames(await admin.get('/users?username=E'))).toEqual(['wes', 'xena']);
    expect(usernames(await admin.get('/users?email=yuri@'))).toEqual(['yuri']);
    expect(usernames(await admin.get('/users?q=username%3D%7Bwes%20zack%7D&sort=-username'))).toEqual(['zack', 'wes']);
    const page = await admin.get('/users?page=3&page_size=2&sort=user_id');
    expect(usernames(page)).toEqual(['zack', 'nova']);
    expect(page.headers.get('x-total-count')).toBe('6');
    expect(page.headers.get('link')).toBe('</api/v2.0/users?page=2&page_size=2&sort=user_id>; rel="prev"');
    // harbor-cli looks a user up by name with page=0&page_size=0.
    const lookup = await admin.get('/users?page=0&page_size=0&q=username%3Dxena');
    expect(lookup.status).toBe(200);
    expect(usernames(lookup)).toEqual(['xena']);
    const search = await admin.get<{ username: string }[]>('/users/search?page=0&page_size=0&username=e');
    expect(search.body.map((u) => u.username)).toEqual(['wes', 'xena']);
    expect((await wes.get('/users')).status).toBe(403);
    expect((await ApiClient.anonymous(server).get('/users')).status).toBe(401);
  });

  test('search by part of a username: any signed-in user, ids and names only', async () => {
    const res = await wes.get('/users/search?username=y');
    expect(z.array(UserSearchRespItem).parse(res.body)).toEqual([{ user_id: ids.yuri, username: 'yuri' }]);
    expect(res.body).toEqual([{ user_id: ids.yuri, username: 'yuri' }]);
    expect(res.headers.get('x-total-count')).toBe('1');
    expect(errorOf(await wes.get('/users/search'))?.message).toBe('username is required.');
    expect((await ApiClient.anonymous(server).get('/users/search?username=y')).status).toBe(401);
  });

  test('everyone reads and edits their own profile; admins anyone\'s; e-mail stays unique', async () => {
    const me = UserResp.parse((await wes.get('/users/current')).body);
    expect(me).toMatchObject({ user_id: ids.wes, username: 'wes', sysadmin_flag: false });
    expect((await wes.get(`/users/${ids.wes}`)).status).toBe(200);
    expect((await wes.get(`/users/${ids.xena}`)).status).toBe(403);
    expect((await admin.get('/users/99999')).status).toBe(404);
    expect((await ApiClient.anonymous(server).get('/users/current')).status).toBe(401);

    const before = lastAuditId(server);
    expect((await wes.put(`/users/${ids.wes}`, { realname: 'Wes W', comment: 'hi' })).status).toBe(200);
    expect((await admin.put(`/users/${ids.xena}`, { email: 'xena@new.example.com' })).status).toBe(200);
    expect((await admin.get<UserJson>(`/users/${ids.xena}`)).body.email).toBe('xena@new.example.com');
    expect((await wes.get<UserJson>('/users/current')).body).toMatchObject({ realname: 'Wes W', comment: 'hi', email: 'wes@example.com' });
    expect((await wes.put(`/users/${ids.xena}`, { realname: 'X' })).status).toBe(403);
    expect((await wes.put(`/users/${ids.wes}`, { email: 'yuri@example.com' })).status).toBe(409);
    expect(errorOf(await wes.put(`/users/${ids.wes}`, { email: 'nope' }))).toMatchObject({ field: 'email', message: 'The e-mail address is not valid.' });
    expect(errorOf(await admin.put(`/users/${ids.wes}`, { email: '' }))?.message).toBe('email cannot be emptied: a database user needs an address to reset a forgotten password.');
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource, r.username])).toEqual([
      ['update', 'wes', 'wes'],
      ['update', 'xena', 'admin'],
    ]);
  });

  test('system admin flag: admins grant and revoke it; never for user 1 or themselves', async () => {
    const before = lastAuditId(server);
    expect((await admin.put(`/users/${ids.yuri}/sysadmin`, { sysadmin_flag: true })).status).toBe(200);
    expect(auditRowsSince(server, before)).toMatchObject([
      { operation: 'update', resource: 'yuri', username: 'admin', operation_description: 'update user yuri: system admin granted' },
    ]);
    const yuri = ApiClient.basic(server, 'yuri', 'Passw0rdX');
    expect((await yuri.get('/users')).status).toBe(200);
    expect((await yuri.put('/users/1/sysadmin', { sysadmin_flag: false })).status).toBe(403);
    expect((await yuri.put(`/users/${ids.yuri}/sysadmin`, { sysadmin_flag: false })).status).toBe(403);
    expect((await admin.put(`/users/${ids.yuri}/sysadmin`, { sysadmin_flag: false })).status).toBe(200);
    expect((await yuri.get('/users')).status).toBe(403);
    expect((await wes.put(`/users/${ids.xena}/sysadmin`, { sysadmin_flag: true })).status).toBe(403);
    expect(errorOf(await admin.put(`/users/${ids.xena}/sysadmin`, { sysadmin_flag: 'yes' }))?.message).toBe('sysadmin_flag must be a boolean.');
  });

  test('passwords: your own with the old one; an admin sets anyone\'s without it; the policy and "not the same" hold', async () => {
    const wrongOld = await wes.put(`/users/${ids.wes}/password`, { old_password: 'nope', new_password: 'Passw0rdZ' });
    expect(wrongOld.status).toBe(403);
    expect(errorOf(wrongOld)?.message).toBe('Current password is incorrect.');
    expect(fieldAndMessage(await wes.put(`/users/${ids.wes}/password`, { new_password: 'Passw0rdZ' }))).toContain('old_password');
    expect(fieldAndMessage(await wes.put(`/users/${ids.wes}/password`, { old_password: 'Passw0rdX', new_password: 'short' }))).toContain(
      'new_password',
    );
    expect(fieldAndMessage(await wes.put(`/users/${ids.wes}/password`, { old_password: 'Passw0rdX', new_password: 'Passw0rdX' }))).toBe(
      'new_password: New password is identical to old password.',
    );
    expect((await wes.put(`/users/${ids.xena}/password`, { new_password: 'Passw0rdZ' })).status).toBe(403);

    const before = lastAuditId(server);
    expect((await admin.put(`/users/${ids.zack}/password`, { new_password: 'Passw0rdZ' })).status).toBe(200);
    expect((await ApiClient.basic(server, 'zack', 'Passw0rdX').get('/users/current')).status).toBe(401);
    expect((await ApiClient.basic(server, 'zack', 'Passw0rdZ').get('/users/current')).status).toBe(200);
    expect(auditRowsSince(server, before)).toMatchObject([
      { operation: 'update', resource: 'zack', username: 'admin', operation_description: 'update user zack: password changed' },
      { operation: 'login', username: 'zack', operation_result: 0 },
    ]);
  });

  test('delete: admins only; never user 1 or yourself; the user\'s projects pass to the admin, memberships go', async () => {
    const xena = await ApiClient.session(server, 'xena', 'Passw0rdX');
    expect((await xena.post('/projects', { project_name: 'xena-apps' })).status).toBe(201);
    const one = await admin.delete('/users/1');
    expect(one.status).toBe(403);
    expect(errorOf(one)?.message).toBe('User with ID 1 cannot be deleted.');
    expect((await wes.delete(`/users/${ids.xena}`)).status).toBe(403);

    const before = lastAuditId(server);
    expect((await admin.delete(`/users/${ids.xena}`)).status).toBe(200);
    expect((await admin.get(`/users/${ids.xena}`)).status).toBe(404);
    expect((await admin.delete(`/users/${ids.xena}`)).status).toBe(404);
    expect((await xena.get('/users/current')).status).toBe(401);
    const project = (await admin.get<{ owner_name: string }>('/projects/xena-apps')).body;
    expect(project.owner_name).toBe('admin');
    expect((await admin.get<{ entity_name: string }[]>('/projects/xena-apps/members')).body.map((m) => m.entity_name)).toEqual([]);
    expect(auditRowsSince(server, before)).toMatchObject([
      { operation: 'delete', resource_type: 'user', resource: 'xena', operation_description: expect.stringContaining('1 project(s) they owned now belong to admin') },
    ]);
  });
});
