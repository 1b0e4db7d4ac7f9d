/**
 * Robot accounts end to end, on each database dialect: Harbor's /robots and /permissions shapes,
 * the secret shown once and stored only as a scrypt hash, skopeo pushing and pulling as a project
 * robot and as a system robot over every project, refusals outside the robot's permissions, and
 * a disabled, expired or deleted robot refused on /v2, /service/token and /api, tokens included.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf, fieldAndMessage } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { buildImage, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { serverDatabase } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

interface Created {
  id: number;
  name: string;
  secret: string;
  creation_time: string;
  expires_at: number;
}

const image = buildImage({ seed: 'robots' });
const access = (...pairs: string[]) => pairs.map((p) => ({ resource: p.split(':')[0]!, action: p.split(':')[1]!, effect: 'allow' }));
const PUSH_PULL = access('repository:pull', 'repository:push', 'artifact:read', 'tag:create');

describe.each(DIALECTS)('robot accounts on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let admin: ApiClient;
  let work: string;
  let host: string;
  let teamId: number;

  const skopeo = (...args: string[]): Promise<{ code: number; stderr: string }> =>
    new Promise((resolve) => {
      execFile('skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') }, timeout: 60_000 }, (err, _out, stderr) =>
        resolve({ code: err ? 1 : 0, stderr }),
      );
    });
  const push = (robot: Created, target: string) =>
    skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${robot.name}:${robot.secret}`, `oci:${work}/layout:app`, `docker://${host}/${target}`);
  const pull = (robot: Created, source: string) =>
    skopeo('copy', '--src-tls-verify=false', '--src-creds', `${robot.name}:${robot.secret}`, `docker://${host}/${source}`, `oci:${work}/out:${source.replace(/\W/g, '-')}`);
  const tokenFor = (robot: Created, scope: string) =>
    fetch(`${server.url}/service/token?service=harbor-registry&scope=${encodeURIComponent(scope)}`, { headers: { authorization: basic(robot.name, robot.secret) } });
  const createRobot = async (body: object, client = admin) => {
    const res = await client.post<Created>('/robots', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const projectRobot = (name: string, project: string, pairs = PUSH_PULL, duration = -1) =>
    createRobot({ name, level: 'project', duration, permissions: [{ kind: 'project', namespace: project, access: pairs }] });
  /** A token's use on /v2, and whether the robot's Basic credentials still open /service/token and /api. */
  const refusedEverywhere = async (robot: Created, heldToken: string) => {
    const manifest = await fetch(`${server.url}/v2/team/app/manifests/v1`, { headers: { authorization: `Bearer ${heldToken}` } });
    const token = await tokenFor(robot, 'repository:team/app:pull');
    const api = await ApiClient.basic(server, robot.name, robot.secret).get('/projects/team/repositories');
    return [manifest.status, token.status, api.status];
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    const database = testDb.url ? { database: { url: testDb.url } } : {};
    [server, work] = await Promise.all([
      startServer({ preparedDataVolume: inject('preparedDataVolume'), config: database }),
      mkdtemp(path.join(os.tmpdir(), 'berth-robots-')),
    ]);
    host = server.url.slice('http://'.length);
    await writeOciLayout(path.join(work, 'layout'), imageBlobs(image), { app: image.manifest });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    for (const name of ['team', 'other']) expect((await admin.post('/projects', { project_name: name, metadata: { public: 'false' } })).status).toBe(201);
    teamId = ((await admin.get<{ project_id: number }>('/projects/team')).body).project_id;
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
    await rm(work, { recursive: true, force: true });
  });

  test("Harbor's shapes: created with a secret once, read without it, listed by level and project, the secret stored as a scrypt hash", async () => {
    const created = await projectRobot('ci', 'team');
    expect(created).toMatchObject({ name: 'robot$team+ci', expires_at: -1 });
    expect(created.secret).toMatch(/^[A-Za-z0-9]{32}$/);

    const read = await admin.get<Record<string, unknown>>(`/robots/${created.id}`);
    expect(read.body).toMatchObject({ id: created.id, name: 'robot$team+ci', level: 'project', duration: -1, disable: false, editable: true, expires_at: -1 });
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body.permissions).toEqual([{ kind: 'project', namespace: 'team', access: PUSH_PULL }]);

    const listed = await admin.get<{ name: string }[]>(`/robots?q=${encodeURIComponent(`Level=project,ProjectID=${teamId}`)}`);
    expect([listed.headers.get('x-total-count'), listed.body.map((r) => r.name)]).toEqual(['1', ['robot$team+ci']]);
    expect((await admin.get<unknown[]>('/robots')).body).toEqual([]);
    expect(fieldAndMessage(await admin.get('/robots?q=Level=project'))).toBe('q: Listing project robot accounts needs ProjectID in q.');

    const db = serverDatabase(server, testDb.url);
    try {
      const row = await db.db.selectFrom('robots').select('secret_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(row.secret_hash).toMatch(/^scrypt\$/);
      expect(row.secret_hash).not.toContain(created.secret);
    } finally {
      await db.close();
    }
  });

  test('requests that break the rules are 400s naming the field; a taken name is 409', async () => {
    const bad = (body: object) => admin.post('/robots', { name: 'x', level: 'project', duration: 30, permissions: [{ kind: 'project', namespace: 'team', access: PUSH_PULL }], ...body });
    expect(fieldAndMessage(await bad({ name: 'Has Space' }))).toBe('name: Name must be lower-case letters and digits, with single . _ or - between them.');
    expect(fieldAndMessage(await bad({ duration: 0 }))).toBe('duration: Expiration must be -1 (never) or a positive number of days.');
    expect(fieldAndMessage(await bad({ permissions: [] }))).toBe('permissions: Permissions are required: choose at least one.');
    expect(fieldAndMessage(await bad({ permissions: [{ kind: 'project', namespace: 'team', access: access('member:create') }] }))).toBe(
      'permissions: A robot account cannot be given create on member at project level.',
    );
    expect(fieldAndMessage(await bad({ permissions: [{ kind: 'project', namespace: '*', access: PUSH_PULL }] }))).toBe(
      'permissions: A project robot account cannot cover every project.',
    );
    expect((await bad({ permissions: [{ kind: 'project', namespace: 'nowhere', access: PUSH_PULL }] })).status).toBe(404);
    expect((await bad({ name: 'dup' })).status).toBe(201);
    const taken = await bad({ name: 'dup' });
    expect([taken.status, errorOf(taken)?.message]).toEqual([409, 'A robot account named robot$team+dup already exists.']);
  });

  test('/permissions and robot management follow the permission table: project admins in their project, developers not at all', async () => {
    const [ownerId, devId] = [await createUser(admin, 'owner'), await createUser(admin, 'dev')];
    expect((await admin.post('/projects/team/members', { role_id: 1, member_user: { user_id: ownerId } })).status).toBe(201);
    expect((await admin.post('/projects/team/members', { role_id: 2, member_user: { user_id: devId } })).status).toBe(201);
    const owner = ApiClient.basic(server, 'owner', 'Passw0rdX');
    const dev = ApiClient.basic(server, 'dev', 'Passw0rdX');

    const offer = (await admin.get<{ system: unknown[]; project: unknown[] }>('/permissions')).body;
    expect(offer.project).toContainEqual({ resource: 'repository', action: 'push' });
    expect(offer.system).toContainEqual({ resource: 'project', action: 'create' });
    expect((await owner.get('/permissions')).body).toEqual({ project: offer.project });
    expect((await dev.get('/permissions')).status).toBe(403);

    const body = { name: 'owned', level: 'project', duration: 7, permissions: [{ kind: 'project', namespace: 'team', access: PUSH_PULL }] };
    expect((await owner.post('/robots', body)).status).toBe(201);
    expect((await dev.post('/robots', { ...body, name: 'devs' })).status).toBe(403);
    expect((await owner.post('/robots', { ...body, permissions: [{ kind: 'project', namespace: 'other', access: PUSH_PULL }] })).status).toBe(403);
    expect((await owner.post('/robots', { ...body, level: 'system' })).status).toBe(403);
    expect((await dev.get(`/robots?q=${encodeURIComponent(`Level=project,ProjectID=${teamId}`)}`)).status).toBe(200);
  });

  test('a project robot pushes and pulls with skopeo in its project, is refused outside its permissions, and the audit log names it', async () => {
    const robot = await projectRobot('builder', 'team');
    const pushed = await push(robot, 'team/app:v1');
    expect(pushed.stderr).toBe('');
    expect((await pull(robot, 'team/app:v1')).code).toBe(0);
    expect((await push(robot, 'other/app:v1')).code).not.toBe(0);
    // Basic straight to /v2, as some clients send it: the same grants.
    const direct = (repository: string) => fetch(`${server.url}/v2/${repository}/manifests/v1`, { headers: { authorization: basic(robot.name, robot.secret) } });
    expect([(await direct('team/app')).status, (await direct('other/app')).status]).toEqual([200, 403]);
    const projectNames = async (r: Created) => (await ApiClient.basic(server, r.name, r.secret).get<{ name: string }[]>('/projects')).body.map((p) => p.name);
    expect(await projectNames(robot)).toEqual(['library', 'team']);
    // The API asks the same table: listing repositories needs repository:list, which this robot lacks.
    expect((await ApiClient.basic(server, robot.name, robot.secret).get('/projects/team/repositories')).status).toBe(403);
    const lister = await projectRobot('lister', 'team', access('repository:list'));
    const repositories = await ApiClient.basic(server, lister.name, lister.secret).get<{ name: string }[]>('/projects/team/repositories');
    expect(repositories.body.map((r) => r.name)).toEqual(['team/app']);

    const reader = await projectRobot('reader', 'team', access('repository:pull'));
    expect((await pull(reader, 'team/app:v1')).code).toBe(0);
    expect((await push(reader, 'team/app:v2')).code).not.toBe(0);
    const token = (await (await tokenFor(reader, 'repository:team/app:pull,push,delete')).json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1]!, 'base64url').toString()) as { sub: string; access: unknown };
    expect(claims).toMatchObject({ sub: 'robot$team+reader', access: [{ type: 'repository', name: 'team/app', actions: ['pull'] }] });

    const logs = await admin.get<{ username: string; operation: string; resource: string }[]>('/audit-logs?page_size=100');
    expect(logs.body).toContainEqual(expect.objectContaining({ username: 'robot$team+builder', operation: 'create', resource: 'team/app:v1' }));
    expect(logs.body).toContainEqual(expect.objectContaining({ username: 'admin', operation: 'create', resource: 'robot$team+builder' }));
  });

  test("a system robot with '*' pushes to every project; one naming a single project only there", async () => {
    const everywhere = await createRobot({ name: 'fleet', level: 'system', duration: -1, permissions: [{ kind: 'project', namespace: '*', access: PUSH_PULL }] });
    expect(everywhere.name).toBe('robot$fleet');
    expect((await push(everywhere, 'team/fleet:v1')).stderr).toBe('');
    expect((await push(everywhere, 'other/fleet:v1')).stderr).toBe('');
    const listed = await ApiClient.basic(server, everywhere.name, everywhere.secret).get<{ name: string }[]>('/projects');
    expect(listed.body.map((p) => p.name)).toEqual(expect.arrayContaining(['library', 'other', 'team']));
    const single = await createRobot({ name: 'single', level: 'system', duration: -1, permissions: [{ kind: 'project', namespace: 'other', access: PUSH_PULL }] });
    expect((await push(single, 'other/single:v1')).code).toBe(0);
    expect((await push(single, 'team/single:v1')).code).not.toBe(0);
    expect((await admin.get<{ name: string }[]>('/robots?q=Level=system')).body.map((r) => r.name)).toEqual(['robot$single', 'robot$fleet']);

    // System-level rows: only what the robot was given, through the same table as admins' checks.
    const auditor = await createRobot({ name: 'auditor', level: 'system', duration: -1, permissions: [{ kind: 'system', namespace: '/', access: access('registry:list') }] });
    expect((await ApiClient.basic(server, auditor.name, auditor.secret).get('/registries')).status).toBe(200);
    expect((await ApiClient.basic(server, auditor.name, auditor.secret).post('/registries', { name: 'r', url: 'https://example.org', type: 'harbor' })).status).toBe(403);
    expect((await ApiClient.basic(server, everywhere.name, everywhere.secret).get('/registries')).status).toBe(403);
    expect((await ApiClient.basic(server, auditor.name, auditor.secret).get('/robots?q=Level=system')).status).toBe(403);
  });

  test('a disabled, an expired and a deleted robot are refused at once on /v2, /service/token and /api, tokens they already hold included', async () => {
    const held = async (robot: Created) => {
      const token = ((await (await tokenFor(robot, 'repository:team/app:pull')).json()) as { token: string }).token;
      expect((await fetch(`${server.url}/v2/team/app/manifests/v1`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      return token;
    };
    const disabled = await projectRobot('disabled', 'team');
    const disabledToken = await held(disabled);
    const current = (await admin.get<Record<string, unknown>>(`/robots/${disabled.id}`)).body;
    expect((await admin.put(`/robots/${disabled.id}`, { ...current, disable: true })).status).toBe(200);
    expect(await refusedEverywhere(disabled, disabledToken)).toEqual([401, 401, 401]);
    expect((await admin.put(`/robots/${disabled.id}`, { ...current, disable: false })).status).toBe(200);
    expect((await pull(disabled, 'team/app:v1')).code).toBe(0);

    const deleted = await projectRobot('deleted', 'team');
    const deletedToken = await held(deleted);
    expect((await admin.delete(`/robots/${deleted.id}`)).status).toBe(200);
    expect(await refusedEverywhere(deleted, deletedToken)).toEqual([401, 401, 401]);
    expect((await admin.get(`/robots/${deleted.id}`)).status).toBe(404);

    // Expiry is counted in days; the row is moved to two seconds from now, as the last of a day
    // would leave it. The token works until then (and the registry remembers the robot), then not.
    const expired = await projectRobot('expired', 'team', PUSH_PULL, 1);
    const db = serverDatabase(server, testDb.url);
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    try {
      await db.db.updateTable('robots').set({ expires_at: sql<number>`${expiresAt}` }).where('id', '=', expired.id).execute();
    } finally {
      await db.close();
    }
    const expiredToken = await held(expired);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 100));
    expect(await refusedEverywhere(expired, expiredToken)).toEqual([401, 401, 401]);
    expect((await pull(expired, 'team/app:v1')).code).not.toBe(0);
  });

  test('a refreshed secret is shown once and replaces the old one; a chosen one is not echoed; robots cannot sign in to the console', async () => {
    const robot = await projectRobot('rotating', 'team');
    const refreshed = await admin.request<{ secret: string }>('PATCH', `/robots/${robot.id}`, { body: {} });
    expect(refreshed.body.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await tokenFor(robot, 'repository:team/app:pull')).status).toBe(401);
    expect((await tokenFor({ ...robot, secret: refreshed.body.secret }, 'repository:team/app:pull')).status).toBe(200);
    const chosen = await admin.request('PATCH', `/robots/${robot.id}`, { body: { secret: 'Chosen1Secret' } });
    expect([chosen.status, chosen.body]).toEqual([200, {}]);
    expect(fieldAndMessage(await admin.request('PATCH', `/robots/${robot.id}`, { body: { secret: 'weak' } }))).toBe('secret: The secret must be 8 to 128 characters long.');

    const login = await ApiClient.anonymous(server).login(robot.name, 'Chosen1Secret', { origin: server.url });
    expect([login.status, errorOf(login)?.message]).toEqual([401, 'Robot accounts cannot sign in to the console; use them with docker, skopeo or the API.']);
    // Secrets pass through every surface above; none reaches the logs.
    for (const secret of [robot.secret, refreshed.body.secret, 'Chosen1Secret']) expect(server.output()).not.toContain(secret);
  });

  test('wrong secrets count toward the sign-in limits: the sixth try is refused with 429 even with the right secret', async () => {
    const robot = await projectRobot('guessed', 'team');
    for (let i = 0; i < 5; i++) expect((await tokenFor({ ...robot, secret: `Wrong${i}Secret` }, 'repository:team/app:pull')).status).toBe(401);
    const locked = await tokenFor(robot, 'repository:team/app:pull');
    expect([locked.status, Number(locked.headers.get('retry-after')) > 0]).toEqual([429, true]);
  });

  test("a project's robots go with it", async () => {
    expect((await admin.post('/projects', { project_name: 'brief', metadata: { public: 'false' } })).status).toBe(201);
    const robot = await projectRobot('temp', 'brief');
    expect((await admin.delete('/projects/brief')).status).toBe(200);
    expect((await admin.get(`/robots/${robot.id}`)).status).toBe(404);
    expect((await tokenFor(robot, 'repository:brief/app:pull')).status).toBe(401);
  });
});
