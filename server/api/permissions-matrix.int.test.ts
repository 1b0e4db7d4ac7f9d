/**
 * One permission model, proven end to end. Every caller — each project role (1-5), a non-member,
 * anonymous, a system admin — tries every action in a private and in a public project through a
 * real request (the API, or /v2 with the token /service/token gave it), and each outcome must be
 * what can() reads from the table in core/rbac/permissions.ts. The token's grants for pull, push
 * and delete must match the table and the outcomes too. One server; users, projects and content
 * are made once; the cells run in parallel (each destructive cell has its own target).
 *
 * Then the same matrix for roles that come through user groups: directory users (a real slapd,
 * auth_mode ldap_auth) whose LDAP group holds each role, and one who is a guest in person and a
 * maintainer through a group, whose effective rights are the stronger role's.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ROLE, type RoleId } from '../core/members/roles.js';
import { can, type ProjectAccess } from '../core/rbac/access.js';
import type { Action, ProjectResource } from '../core/rbac/permissions.js';
import { ApiClient, createUser } from '../testing/api-client.js';
import { buildImage, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';
import { BASE, groupDn, GROUPS_DN, startSlapd, type Slapd } from '../testing/slapd.js';

interface Caller {
  name: string;
  /** Every role the caller holds in both projects, in person or through a group. */
  roles: RoleId[];
  sysadmin: boolean;
  api: ApiClient;
  password: string | null;
}

interface Cell {
  caller: Caller;
  project: string;
  /** The bearer token /service/token gave the caller for <project>/shared, and what it grants. */
  token: { value: string; actions: string[] };
}

/** An action: the permission it needs, and a real request that says whether it was allowed. */
interface Check {
  name: string;
  needs: [ProjectResource, Action];
  attempt(cell: Cell): Promise<boolean>;
}

const REGISTRY_CHECKS = { pull: 'repository:pull', push: 'repository:push', delete: 'repository:delete' } as const;
const shared = buildImage({ seed: 'matrix-shared' });
const doomed = (caller: string) => buildImage({ seed: `matrix-doomed-${caller}` });

/** Allowed when the status is the success one; refused on 401 or 403; anything else is a broken test. */
function allowed(res: { status: number; body?: unknown }, success: number, what: string): boolean {
  if (res.status === success) return true;
  if (res.status === 401 || res.status === 403) return false;
  throw new Error(`${what}: unexpected ${res.status} ${JSON.stringify(res.body)}`);
}

const CHECKS: Check[] = [
  { name: 'read project', needs: ['project', 'read'], attempt: ({ caller, project }) => get(caller, `/projects/${project}`) },
  {
    name: 'see the project in the list',
    needs: ['project', 'read'],
    attempt: async ({ caller, project }) => {
      const res = await caller.api.get<{ name: string }[]>(`/projects?name=${project}`);
      return allowed(res, 200, 'list projects') && res.body.some((p) => p.name === project);
    },
  },
  { name: 'list repositories', needs: ['repository', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories`) },
  { name: 'read repository', needs: ['repository', 'read'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared`) },
  {
    name: 'update repository',
    needs: ['repository', 'update'],
    attempt: async ({ caller, project }) => allowed(await caller.api.put(`/projects/${project}/repositories/shared`, { description: caller.name }), 200, 'update'),
  },
  {
    name: 'delete repository',
    needs: ['repository', 'delete'],
    attempt: async ({ caller, project }) => allowed(await caller.api.delete(`/projects/${project}/repositories/gone-${caller.name}`), 200, 'delete repository'),
  },
  { name: 'list artifacts', needs: ['artifact', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared/artifacts`) },
  { name: 'read artifact', needs: ['artifact', 'read'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared/artifacts/v1`) },
  {
    name: 'read build history',
    needs: ['artifact-addition', 'read'],
    attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared/artifacts/v1/additions/build_history`),
  },
  { name: 'list accessories', needs: ['accessory', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared/artifacts/v1/accessories`) },
  {
    name: 'delete artifact',
    needs: ['artifact', 'delete'],
    attempt: async ({ caller, project }) =>
      allowed(await caller.api.delete(`/projects/${project}/repositories/shared/artifacts/doomed-${caller.name}`), 200, 'delete artifact'),
  },
  { name: 'list tags', needs: ['tag', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/repositories/shared/artifacts/v1/tags`) },
  {
    name: 'create tag',
    needs: ['tag', 'create'],
    attempt: async ({ caller, project }) =>
      allowed(await caller.api.post(`/projects/${project}/repositories/shared/artifacts/v1/tags`, { name: `new-${caller.name}` }), 201, 'create tag'),
  },
  {
    name: 'delete tag',
    needs: ['tag', 'delete'],
    attempt: async ({ caller, project }) =>
      allowed(await caller.api.delete(`/projects/${project}/repositories/shared/artifacts/v1/tags/old-${caller.name}`), 200, 'delete tag'),
  },
  { name: 'list members', needs: ['member', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/members`) },
  {
    name: 'add a member',
    needs: ['member', 'create'],
    attempt: async ({ caller, project }) =>
      allowed(await caller.api.post(`/projects/${project}/members`, { role_id: 3, member_user: { username: `spare-${caller.name}` } }), 201, 'add member'),
  },
  { name: 'list project logs', needs: ['log', 'list'], attempt: ({ caller, project }) => get(caller, `/projects/${project}/auditlog-exts`) },
  {
    name: 'pull (GET /v2 manifest)',
    needs: ['repository', 'pull'],
    attempt: async ({ project, token }) => allowed(await v2(token.value, 'GET', `/v2/${project}/shared/manifests/v1`), 200, 'pull'),
  },
  {
    name: 'push (a whole blob to /v2)',
    needs: ['repository', 'push'],
    attempt: async ({ project, token }) =>
      allowed(await v2(token.value, 'POST', `/v2/${project}/shared/blobs/uploads/?digest=${shared.config.digest}`, shared.config.bytes), 201, 'push'),
  },
  {
    name: 'delete (a tag through /v2)',
    needs: ['repository', 'delete'],
    attempt: async ({ caller, project, token }) => allowed(await v2(token.value, 'DELETE', `/v2/${project}/shared/manifests/v2-${caller.name}`), 202, 'v2 delete'),
  },
];

let serverUrl = '';

async function get(caller: Caller, path: string): Promise<boolean> {
  return allowed(await caller.api.get(path), 200, `GET ${path}`);
}

async function v2(token: string, method: string, path: string, body?: Buffer): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${serverUrl}${path}`, { method, headers, body });
  return { status: res.status, body: await res.text() };
}

/** What /service/token grants the caller on <project>/shared when asked for everything. */
async function tokenFor(caller: Caller, project: string): Promise<Cell['token']> {
  const headers: Record<string, string> = caller.password ? { authorization: basic(caller.name, caller.password) } : {};
  const scope = encodeURIComponent(`repository:${project}/shared:pull,push,delete`);
  const res = await fetch(`${serverUrl}/service/token?service=harbor-registry&scope=${scope}`, { headers });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { access: { actions: string[] }[] };
  return { value: token, actions: claims.access[0]!.actions };
}

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('the permission matrix', () => {
  let server: ServerProcess;
  const callers: Caller[] = [];

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    serverUrl = server.url;
    const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const roles = Object.entries(ROLE) as [string, RoleId][];
    const names = [...roles.map(([name]) => name.toLowerCase()), 'outsider', 'anonymous', 'admin'];
    await inParallel(names, 4, (name) => createUser(admin, `spare-${name}`));
    await inParallel(
      roles.map(([name]) => name.toLowerCase()),
      4,
      (name) => createUser(admin, name),
    );
    await createUser(admin, 'outsider');
    for (const [name, role] of roles) {
      const username = name.toLowerCase();
      callers.push({ name: username, roles: [role], sysadmin: false, api: ApiClient.basic(server, username, 'Passw0rdX'), password: 'Passw0rdX' });
    }
    callers.push({ name: 'outsider', roles: [], sysadmin: false, api: ApiClient.basic(server, 'outsider', 'Passw0rdX'), password: 'Passw0rdX' });
    callers.push({ name: 'anonymous', roles: [], sysadmin: false, api: ApiClient.anonymous(server), password: null });
    callers.push({ name: 'admin', roles: [], sysadmin: true, api: admin, password: 'Harbor12345' });

    await seedProjects(admin, callers, async (project) => {
      for (const [name, role] of roles) {
        expect((await admin.post(`/projects/${project}/members`, { role_id: role, member_user: { username: name.toLowerCase() } })).status).toBe(201);
      }
    });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('every caller x action x project: the API, /v2 and the token service agree with the table', async () => {
    await expectMatrixAgrees(callers);
  });
});

describe('the permission matrix for roles held through user groups', () => {
  let server: ServerProcess;
  let slapd: Slapd;
  const callers: Caller[] = [];
  const roles = Object.entries(ROLE).map(([name, role]) => [`g-${name.toLowerCase()}`, role] as const);

  beforeAll(async () => {
    const people = [...roles.map(([uid]) => uid), 'g-mixed'];
    const groups = Object.fromEntries(roles.map(([uid, role]) => [`mx-${role}`, role === ROLE.maintainer ? [uid, 'g-mixed'] : [uid]]));
    [slapd, server] = await Promise.all([
      startSlapd({ people: [...people, ...people.map((uid) => `spare-${uid}`), 'spare-admin', 'spare-anonymous'], groups }),
      startServer({ preparedDataVolume: inject('preparedDataVolume') }),
    ]);
    serverUrl = server.url;
    const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const settings = {
      auth_mode: 'ldap_auth',
      ldap_url: slapd.url,
      ldap_search_dn: `cn=search,${BASE}`,
      ldap_search_password: 'search-pw',
      ldap_base_dn: `ou=people,${BASE}`,
      ldap_verify_cert: false,
      ldap_group_base_dn: GROUPS_DN,
      ldap_group_attribute_name: 'cn',
    };
    expect((await admin.put('/configurations', settings)).status).toBe(200);
    const imported = [...people, ...people.map((uid) => `spare-${uid}`), 'spare-admin', 'spare-anonymous'];
    expect((await admin.post('/ldap/users/import', { ldap_uid_list: imported })).status).toBe(200);
    for (const [uid, role] of roles) callers.push({ name: uid, roles: [role], sysadmin: false, api: ApiClient.basic(server, uid, `${uid}-pw`), password: `${uid}-pw` });
    callers.push({ name: 'g-mixed', roles: [ROLE.guest, ROLE.maintainer], sysadmin: false, api: ApiClient.basic(server, 'g-mixed', 'g-mixed-pw'), password: 'g-mixed-pw' });
    callers.push({ name: 'anonymous', roles: [], sysadmin: false, api: ApiClient.anonymous(server), password: null });
    callers.push({ name: 'admin', roles: [], sysadmin: true, api: admin, password: 'Harbor12345' });
    await seedProjects(admin, callers, async (project) => {
      for (const [, role] of roles) {
        const member_group = { group_type: 1, ldap_group_dn: groupDn(`mx-${role}`) };
        expect((await admin.post(`/projects/${project}/members`, { role_id: role, member_group })).status).toBe(201);
      }
      expect((await admin.post(`/projects/${project}/members`, { role_id: ROLE.guest, member_user: { username: 'g-mixed' } })).status).toBe(201);
    });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await slapd.stop();
  });

  test('roles through groups: the API, /v2 and the token service agree with the table; the strongest role wins', async () => {
    await expectMatrixAgrees(callers);
    const mixed = await callers.find((c) => c.name === 'g-mixed')!.api.get<{ current_user_role_id: number; current_user_role_ids: number[] }>('/projects/mx-private');
    expect(mixed.body.current_user_role_id).toBe(ROLE.maintainer);
    expect([...mixed.body.current_user_role_ids].sort()).toEqual([ROLE.guest, ROLE.maintainer]);
  });
});

const PROJECTS = { 'mx-private': false, 'mx-public': true } as const;

/** Both projects with their members and content: what every caller's checks act on. */
async function seedProjects(admin: ApiClient, callers: Caller[], addMembers: (project: string) => Promise<void>): Promise<void> {
  const registry = new RegistryClient(serverUrl, ADMIN);
  const push = (repository: string, tag: string, image: Image) => registry.pushImage(repository, tag, [image.config, ...image.layers], image.manifest);
  for (const [project, isPublic] of Object.entries(PROJECTS)) {
    expect((await admin.post('/projects', { project_name: project, metadata: { public: String(isPublic) } })).status).toBe(201);
    await addMembers(project);
    await push(`${project}/shared`, 'v1', shared);
    await inParallel(callers, 4, async ({ name }) => {
      await push(`${project}/gone-${name}`, 'v1', shared);
      await push(`${project}/shared`, `doomed-${name}`, doomed(name));
      for (const tag of [`old-${name}`, `v2-${name}`]) expect((await registry.pushManifest(`${project}/shared`, tag, shared.manifest)).status).toBe(201);
    });
  }
}

/** Runs every check for every caller in both projects and compares each outcome, and each token, with can(). */
async function expectMatrixAgrees(callers: Caller[]): Promise<void> {
  const cells = await inParallel(
    callers.flatMap((caller) => Object.keys(PROJECTS).map((project) => ({ caller, project }))),
    4,
    async ({ caller, project }): Promise<Cell> => ({ caller, project, token: await tokenFor(caller, project) }),
  );
  const runs = cells.flatMap((cell) => CHECKS.map((check) => ({ cell, check })));
  const outcomes = await inParallel(runs, 8, ({ cell, check }) => check.attempt(cell));
  const accessOf = ({ caller, project }: { caller: Caller; project: string }): ProjectAccess => ({
    projectId: 0,
    public: PROJECTS[project as keyof typeof PROJECTS],
    roles: caller.roles,
    sysadmin: caller.sysadmin,
  });

  const disagreements: string[] = [];
  runs.forEach(({ cell, check }, i) => {
    const expected = can(accessOf(cell), ...check.needs);
    if (outcomes[i] !== expected) disagreements.push(`${cell.caller.name} in ${cell.project}: ${check.name} was ${outcomes[i] ? 'allowed' : 'refused'}, the table says ${expected}`);
  });
  for (const cell of cells) {
    for (const [action, permission] of Object.entries(REGISTRY_CHECKS)) {
      const [resource, verb] = permission.split(':') as [ProjectResource, Action];
      if (cell.token.actions.includes(action) !== can(accessOf(cell), resource, verb)) {
        disagreements.push(`${cell.caller.name} in ${cell.project}: the token ${cell.token.actions.includes(action) ? 'grants' : 'withholds'} ${action}`);
      }
    }
  }
  expect(disagreements).toEqual([]);
  expect(runs).toHaveLength(callers.length * 2 * CHECKS.length);
  // The matrix is not trivially one-sided: both outcomes occur for every action.
  for (const check of CHECKS) {
    const seen = new Set(runs.flatMap((run, i) => (run.check === check ? [outcomes[i]] : [])));
    expect(seen, check.name).toEqual(new Set([true, false]));
  }
}
