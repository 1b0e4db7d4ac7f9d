/**
 * One permission model, proven end to end. Every caller — each project role (1-5), a non-member,
 * anonymous, a system admin — tries every action in a private and in a public project through a
 * real request (the API, or /v2 with the token /service/token gave it), and each outcome must be
 * what can() reads from the table in core/rbac/permissions.ts. The token's grants for pull, push
 * and delete must match the table and the outcomes too. One server; users, projects and content
 * are made once; the cells run in parallel (each destructive cell has its own target).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ROLE, type RoleId } from '../core/members/roles.js';
import { can, type ProjectAccess } from '../core/rbac/access.js';
import type { Action, ProjectResource } from '../core/rbac/permissions.js';
import { ApiClient, createUser } from '../testing/api-client.js';
import { buildImage, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

interface Caller {
  name: string;
  role: RoleId | null;
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
  const PROJECTS = { 'mx-private': false, 'mx-public': true } as const;

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
      callers.push({ name: username, role, sysadmin: false, api: ApiClient.basic(server, username, 'Passw0rdX'), password: 'Passw0rdX' });
    }
    callers.push({ name: 'outsider', role: null, sysadmin: false, api: ApiClient.basic(server, 'outsider', 'Passw0rdX'), password: 'Passw0rdX' });
    callers.push({ name: 'anonymous', role: null, sysadmin: false, api: ApiClient.anonymous(server), password: null });
    callers.push({ name: 'admin', role: null, sysadmin: true, api: admin, password: 'Harbor12345' });

    const registry = new RegistryClient(server.url, ADMIN);
    const push = (repository: string, tag: string, image: Image) => registry.pushImage(repository, tag, [image.config, ...image.layers], image.manifest);
    for (const [project, isPublic] of Object.entries(PROJECTS)) {
      expect((await admin.post('/projects', { project_name: project, metadata: { public: String(isPublic) } })).status).toBe(201);
      for (const [name, role] of roles) {
        expect((await admin.post(`/projects/${project}/members`, { role_id: role, member_user: { username: name.toLowerCase() } })).status).toBe(201);
      }
      await push(`${project}/shared`, 'v1', shared);
      await inParallel(callers, 4, async ({ name }) => {
        await push(`${project}/gone-${name}`, 'v1', shared);
        await push(`${project}/shared`, `doomed-${name}`, doomed(name));
        for (const tag of [`old-${name}`, `v2-${name}`]) expect((await registry.pushManifest(`${project}/shared`, tag, shared.manifest)).status).toBe(201);
      });
    }
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('every caller x action x project: the API, /v2 and the token service agree with the table', async () => {
    const cells = await inParallel(
      callers.flatMap((caller) => Object.keys(PROJECTS).map((project) => ({ caller, project }))),
      4,
      async ({ caller, project }): Promise<Cell> => ({ caller, project, token: await tokenFor(caller, project) }),
    );
    const runs = cells.flatMap((cell) => CHECKS.map((check) => ({ cell, check })));
    const outcomes = await inParallel(runs, 8, ({ cell, check }) => check.attempt(cell));

    const disagreements: string[] = [];
    runs.forEach(({ cell, check }, i) => {
      const { caller, project } = cell;
      const access: ProjectAccess = {
        projectId: 0,
        public: PROJECTS[project as keyof typeof PROJECTS],
        roles: caller.role ? [caller.role] : [],
        sysadmin: caller.sysadmin,
      };
      const expected = can(access, ...check.needs);
      if (outcomes[i] !== expected) disagreements.push(`${caller.name} in ${project}: ${check.name} was ${outcomes[i] ? 'allowed' : 'refused'}, the table says ${expected}`);
    });
    for (const { caller, project, token } of cells) {
      for (const [action, permission] of Object.entries(REGISTRY_CHECKS)) {
        const [resource, verb] = permission.split(':') as [ProjectResource, Action];
        const access = { projectId: 0, public: PROJECTS[project as keyof typeof PROJECTS], roles: caller.role ? [caller.role] : [], sysadmin: caller.sysadmin };
        if (token.actions.includes(action) !== can(access, resource, verb)) {
          disagreements.push(`${caller.name} in ${project}: the token ${token.actions.includes(action) ? 'grants' : 'withholds'} ${action}`);
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
  });
});
