/** /projects, /search, /statistics and openapi.json against a real server. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId, openServerDatabase } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { API_OPERATIONS } from './contracts/operations.js';
import { Project, ProjectSummary } from './contracts/projects.js';
import { SearchResult, Statistic } from './contracts/search.js';

type ProjectJson = z.output<typeof Project>;

describe('projects', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let owen: ApiClient;
  let pia: ApiClient;
  let anonymous: ApiClient;

  const idOf = (location: string | null) => Number(location!.split('/').at(-1));
  const create = async (client: ApiClient, body: Record<string, unknown>) => {
    const res = await client.post('/projects', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return idOf(res.headers.get('location'));
  };
  const names = (res: { body: unknown }) => (res.body as ProjectJson[]).map((p) => p.name);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    await createUser(admin, 'owen');
    await createUser(admin, 'pia');
    owen = await ApiClient.session(server, 'owen', 'Passw0rdX');
    pia = await ApiClient.session(server, 'pia', 'Passw0rdX');
    anonymous = ApiClient.anonymous(server);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('create: 201 with Location (the id, or the name on request), the creator as project admin, an audit row', async () => {
    const before = lastAuditId(server);
    const res = await owen.post('/projects', { project_name: 'alpha', metadata: { public: 'false', auto_scan: 'true' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/v2\.0\/projects\/\d+$/);
    const byName = await owen.post('/projects', { project_name: '4242', public: true }, { headers: { 'x-resource-name-in-location': 'true' } });
    expect(byName.headers.get('location')).toBe('/api/v2.0/projects/4242');

    const alpha = Project.parse((await owen.get(res.headers.get('location')!.replace('/api/v2.0', ''))).body);
    expect(alpha).toMatchObject({
      name: 'alpha',
      owner_name: 'owen',
      current_user_role_id: 1,
      current_user_role_ids: [1],
      togglable: true,
      repo_count: 0,
      metadata: { public: 'false', auto_scan: 'true' },
    });
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource_type, r.resource, r.username, r.project_id])).toEqual([
      ['create', 'project', 'alpha', 'owen', alpha.project_id],
      ['create', 'project', '4242', 'owen', expect.any(Number)],
    ]);
  });

  test('create refuses bad input with the field named, duplicates with 409, anonymous callers with 401', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ project_name: 'Bad Name' }, 'The project name may contain only lower case letters'],
      [{}, 'project_name is required.'],
      [{ project_name: 'ok-name', metadata: { public: 'yes' } }, 'metadata.public must be one of true, false.'],
      [{ project_name: 'ok-name', metadata: { severity: 'extreme' } }, 'metadata.severity'],
      [{ project_name: 'ok-name', registry_id: 3 }, 'registry_id'],
      [{ project_name: 42 }, 'project_name must be a string.'],
      [{ project_name: 'ok-name', metadata: { severity: 'low\u0000' } }, 'metadata.severity must not contain a NUL character.'],
    ];
    for (const [body, message] of cases) {
      const res = await owen.post('/projects', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
    }
    // The field goes in its own member, so a client never parses the sentence to find it.
    expect(errorOf(await owen.post('/projects', { project_name: 'Bad Name' }))).toMatchObject({ field: 'project_name' });
    const notJson = await fetch(`${server.url}/api/v2.0/projects`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`, 'content-type': 'application/json' },
      body: '{"project_name":',
    });
    expect(notJson.status).toBe(400);
    const dup = await pia.post('/projects', { project_name: 'alpha' });
    expect(dup.status).toBe(409);
    expect(errorOf(dup)).toEqual({ code: 'CONFLICT', message: 'The project named alpha already exists.' });
    expect((await anonymous.post('/projects', { project_name: 'anon' })).status).toBe(401);
  });

  test("validation failures answer with Harbor's status: 422 against the schema, 400 undecodable or against a handler rule", async () => {
    const cases: [string, string, Record<string, unknown> | undefined, number, string][] = [
      // go-swagger checks parameters, and the constraints its body models declare, before the handler: 422.
      ['GET', '/projects?page_size=101', undefined, 422, 'page_size must be at most 100.'],
      ['GET', '/projects?page=abc', undefined, 422, 'page must be a number.'],
      ['GET', '/projects?public=yes', undefined, 422, 'public must be true or false.'],
      ['POST', '/projects', { project_name: 'a'.repeat(256) }, 422, 'project_name must be at most 255 characters long.'],
      // A property go-openapi cannot decode into the model: 400.
      ['POST', '/projects', { project_name: 5 }, 400, 'project_name must be a string.'],
      ['POST', '/projects', { project_name: 'ok-name', public: 'yes' }, 400, 'public must be a boolean.'],
      ['POST', '/projects', { project_name: 'ok-name', metadata: { auto_scan: true } }, 400, 'metadata.auto_scan'],
      // Rules of Harbor's handlers (ProjectReq declares no required property and no enum): 400.
      ['POST', '/projects', {}, 400, 'project_name is required.'],
      ['POST', '/projects', { project_name: 'ok-name', metadata: { severity: 'extreme' } }, 400, 'metadata.severity must be one of'],
      ['POST', '/projects', { project_name: 'Bad Name' }, 400, 'The project name may contain only lower case letters'],
      ['GET', '/projects?q=project_id%3Done', undefined, 400, 'In q, project_id must be an integer'],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await owen.request(method, path, body === undefined ? {} : { body });
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(res.status, label).toBe(status);
      expect(errorOf(res), label).toMatchObject({
        code: status === 422 ? 'UNPROCESSABLE_ENTITY' : 'BAD_REQUEST',
        message: expect.stringContaining(message),
      });
    }
  });

  test('project_creation_restriction=adminonly leaves creation to system admins', async () => {
    expect((await admin.put('/configurations', { project_creation_restriction: 'adminonly' })).status).toBe(200);
    try {
      const refused = await pia.post('/projects', { project_name: 'pia-only' });
      expect(refused.status).toBe(403);
      expect(errorOf(refused)?.message).toBe('Only system admin can create project.');
      expect((await admin.post('/projects', { project_name: 'admins-only' })).status).toBe(201);
    } finally {
      expect((await admin.put('/configurations', { project_creation_restriction: 'everyone' })).status).toBe(200);
    }
  });

  test('get by id or name (X-Is-Resource-Name for names that look like ids); 404, 401 and 403 as Harbor', async () => {
    const alpha = (await owen.get<ProjectJson>('/projects/alpha')).body;
    expect((await owen.get<ProjectJson>(`/projects/${alpha.project_id}`)).body.name).toBe('alpha');
    const numeric = await owen.get<ProjectJson>('/projects/4242', { headers: { 'x-is-resource-name': 'true' } });
    expect(numeric.body.name).toBe('4242');
    expect((await owen.get('/projects/4242')).status).toBe(404);

    const missing = await owen.get('/projects/no-such');
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toEqual({ code: 'NOT_FOUND', message: 'project no-such not found' });
    expect((await anonymous.get('/projects/alpha')).status).toBe(401);
    expect((await pia.get('/projects/alpha')).status).toBe(403);
    const open = await anonymous.get<ProjectJson>('/projects/4242', { headers: { 'x-is-resource-name': 'true' } });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ current_user_role_id: 0, current_user_role_ids: [], togglable: false });
    expect((await owen.get('/projects/alpha', { headers: { 'x-is-resource-name': 'maybe' } })).status).toBe(422);
    expect(errorOf(await owen.get('/projects/%ZZ'))).toEqual({ code: 'BAD_REQUEST', message: 'The path holds a malformed %-escape.' });
  });

  test('HEAD /projects?project_name= answers 200 when the name is taken, 404 when free, 401 without sign-in', async () => {
    expect((await owen.request('HEAD', '/projects?project_name=alpha')).status).toBe(200);
    expect((await owen.request('HEAD', '/projects?project_name=free-name')).status).toBe(404);
    expect((await anonymous.request('HEAD', '/projects?project_name=alpha')).status).toBe(401);
    expect((await owen.request('HEAD', '/projects')).status).toBe(422);
  });

  test('list: anonymous callers see public projects, users also their own, admins all', async () => {
    expect(names(await anonymous.get('/projects'))).toEqual(['4242', 'library']);
    const none = await anonymous.get('/projects?public=false');
    expect(none.body).toEqual([]);
    expect(none.headers.get('x-total-count')).toBe('0');
    expect(names(await owen.get('/projects'))).toEqual(['4242', 'alpha', 'library']);
    expect(names(await owen.get('/projects?public=false'))).toEqual(['alpha']);
    expect(names(await pia.get('/projects'))).toEqual(['4242', 'library']);
    expect(names(await admin.get('/projects'))).toEqual(['4242', 'admins-only', 'alpha', 'library']);
    const list = await owen.get('/projects');
    expect(z.array(Project).parse(list.body)).toHaveLength(3);
  });

  test('list: name (contains), owner and public filters, q and sort, paging with X-Total-Count and Link', async () => {
    for (const n of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await create(admin, { project_name: n });
    expect(names(await admin.get('/projects?name=AGE-'))).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
    expect(names(await admin.get('/projects?owner=owen'))).toEqual(['4242', 'alpha']);
    expect(names(await admin.get('/projects?q=name%3D~page,name%3D%7Bpage-a%20page-e%7D&sort=-name'))).toEqual(['page-e', 'page-a']);
    expect(names(await admin.get('/projects?q=public=true'))).toEqual(['4242', 'library']);

    const page2 = await admin.get('/projects?name=page&page=2&page_size=2&sort=-creation_time');
    expect(names(page2)).toEqual(['page-c', 'page-b']);
    expect(page2.headers.get('x-total-count')).toBe('5');
    expect(page2.headers.get('link')).toBe(
      '</api/v2.0/projects?name=page&page=1&page_size=2&sort=-creation_time>; rel="prev" , ' +
        '</api/v2.0/projects?name=page&page=3&page_size=2&sort=-creation_time>; rel="next"',
    );
    const first = await admin.get('/projects?name=page&page_size=2');
    expect(first.headers.get('link')).toBe('</api/v2.0/projects?name=page&page=2&page_size=2>; rel="next"');
    // Harbor writes q decoded in the Link (handler/base.go Links).
    const queried = await admin.get('/projects?q=name%3D~page&page_size=2');
    expect(queried.headers.get('link')).toBe('</api/v2.0/projects?page=2&page_size=2&q=name=~page>; rel="next"');
    // harbor-cli's page=0&page_size=0: the whole list, unpaged, no Link.
    const whole = await admin.get('/projects?page=0&page_size=0&name=page');
    expect(names(whole)).toHaveLength(5);
    expect(whole.headers.get('x-total-count')).toBe('5');
    expect(whole.headers.get('link')).toBeNull();
    // Keys a list does not offer are ignored, as Harbor ignores them.
    expect(names(await admin.get('/projects?name=page&q=size%3D1&sort=owner'))).toEqual(names(await admin.get('/projects?name=page')));
    const last = await admin.get('/projects?name=page&page=3&page_size=2');
    expect(last.headers.get('link')).toBe('</api/v2.0/projects?name=page&page=2&page_size=2>; rel="prev"');
    expect((await admin.get('/projects?page_size=10')).headers.get('link')).toBeNull();

    for (const [query, field, status] of [
      ['page_size=101', 'page_size must be at most 100.', 422],
      ['page=-1', 'page must be at least 0.', 422],
      ['page_size=-1', 'page_size must be at least 0.', 422],
      ['page=two', 'page must be a number.', 422],
      ['q=project_id%3Done', 'In q, project_id must be an integer', 400],
      ['public=yes', 'public must be true or false.', 422],
    ] as const) {
      const res = await admin.get(`/projects?${query}`);
      expect(res.status, query).toBe(status);
      expect(errorOf(res)?.message, query).toContain(field);
    }
  });

  test('update merges metadata and flips public; only those with project:update may; audited', async () => {
    const before = lastAuditId(server);
    expect((await owen.put('/projects/alpha', { metadata: { public: 'true', severity: 'high' } })).status).toBe(200);
    const alpha = (await anonymous.get<ProjectJson>('/projects/alpha')).body;
    expect(alpha.metadata).toEqual({ public: 'true', auto_scan: 'true', severity: 'high' });
    expect((await owen.put('/projects/alpha', { public: false, project_name: 'renamed' })).status).toBe(200);
    expect((await owen.get<ProjectJson>('/projects/alpha')).body.metadata.public).toBe('false');
    expect((await pia.put('/projects/alpha', { metadata: { public: 'true' } })).status).toBe(403);
    expect((await owen.put('/projects/no-such', {})).status).toBe(404);
    expect((await owen.put('/projects/alpha', { metadata: { auto_scan: true } })).status).toBe(400);
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource, r.username])).toEqual([
      ['update', 'alpha', 'owen'],
      ['update', 'alpha', 'owen'],
    ]);
  });

  test('summary: repository count, member counts by role for those who may list members, and quota', async () => {
    const summary = ProjectSummary.parse((await owen.get('/projects/alpha/summary')).body);
    expect(summary).toEqual({
      repo_count: 0,
      project_admin_count: 1,
      maintainer_count: 0,
      developer_count: 0,
      guest_count: 0,
      limited_guest_count: 0,
      quota: { hard: { storage: -1 }, used: { storage: 0 } },
    });
    const publicView = await anonymous.get('/projects/library/summary');
    expect(publicView.body).toEqual({ repo_count: 0 });
    expect((await pia.get('/projects/alpha/summary')).status).toBe(403);
  });

  test('delete: _deletable says yes, the project and its members go, the deletion is audited; others get 403', async () => {
    const id = await create(owen, { project_name: 'doomed' });
    expect((await pia.delete(`/projects/${id}`)).status).toBe(403);
    expect((await owen.get(`/projects/${id}/_deletable`)).body).toEqual({ deletable: true });
    const before = lastAuditId(server);
    expect((await owen.delete(`/projects/${id}`)).status).toBe(200);
    expect((await owen.get(`/projects/${id}`)).status).toBe(404);
    expect((await owen.delete(`/projects/${id}`)).status).toBe(404);
    expect(auditRowsSince(server, before)).toMatchObject([{ operation: 'delete', resource_type: 'project', resource: 'doomed', project_id: id }]);
    const db = openServerDatabase(server);
    expect(db.prepare('select count(*) as n from project_members where project_id = ?').get(id)).toEqual({ n: 0 });
    db.close();
  });

  test('search finds the projects the caller can see; statistics count them', async () => {
    const found = SearchResult.parse((await pia.get('/search?q=42')).body);
    expect(found.project.map((p) => p.name)).toEqual(['4242']);
    expect(found.repository).toEqual([]);
    expect((await pia.get<{ project: ProjectJson[] }>('/search?q=alpha')).body.project).toEqual([]);
    expect((await owen.get<{ project: ProjectJson[] }>('/search?q=ALPHA')).body.project.map((p) => p.name)).toEqual(['alpha']);
    expect((await anonymous.get<{ project: ProjectJson[] }>('/search?q=a')).body.project.map((p) => p.name)).toEqual(['library']);
    expect(errorOf(await owen.get('/search'))?.message).toBe('q is required.');

    expect(Statistic.parse((await owen.get('/statistics')).body)).toMatchObject({
      private_project_count: 1,
      public_project_count: 2,
      total_project_count: 0,
    });
    expect((await admin.get('/statistics')).body).toMatchObject({ private_project_count: 7, public_project_count: 2, total_project_count: 9 });
    expect((await anonymous.get('/statistics')).status).toBe(401);
  });

  test('openapi.json describes every mounted operation from the contracts; an unknown path is a Harbor 404', async () => {
    type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    const doc = (await anonymous.get<Doc>('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const op of Object.values(API_OPERATIONS)) expect(doc.paths[op.path]?.[op.method]?.operationId).toBe(op.id);
    // Harbor's 422 for a parameter against its schema is listed with the 400.
    expect(Object.keys(doc.paths['/projects']!.get!.responses)).toEqual(expect.arrayContaining(['400', '422']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Project', 'ProjectReq', 'UserResp', 'AuditLogExt', 'Errors']));
    const unknown = await anonymous.get('/no-such-api');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)?.code).toBe('NOT_FOUND');
  });
});
