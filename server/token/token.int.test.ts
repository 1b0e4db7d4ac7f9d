/**
 * The token service over HTTP: what each role is granted, anonymous callers, the JWT itself,
 * and the registry refusing tokens that are forged, expired, for another audience or too narrow.
 */
import { generateKeyPairSync, X509Certificate, createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { insertMember } from '../core/members/member.repository.js';
import { ROLE, type RoleId } from '../core/members/roles.js';
import { createProject } from '../core/projects/project.service.js';
import { createLocalUser } from '../core/users/user.service.js';
import { libtrustKeyId, signJwt, signingKeyFromPem } from '../lib/jwt.js';
import { serverDatabase } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const PASSWORD = 'Passw0rdX';
const MEMBERS: [string, RoleId][] = [
  ['limited', ROLE.limitedGuest],
  ['guest', ROLE.guest],
  ['developer', ROLE.developer],
  ['maintainer', ROLE.maintainer],
  ['projadmin', ROLE.projectAdmin],
];

interface TokenAnswer {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('the token service', () => {
  let server: ServerProcess;
  const tokenFor = (scopes: string[], user?: string, password = PASSWORD, service = 'harbor-registry') => {
    const query = new URLSearchParams([['service', service], ...scopes.map((s): [string, string] => ['scope', s])]);
    return fetch(`${server.url}/service/token?${query.toString()}`, { headers: user ? { authorization: basic(user, password) } : {} });
  };
  const accessOf = async (res: Response) => decode(((await res.json()) as TokenAnswer).token.split('.')[1]!).access;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { initial_settings: { token_expiration: 5 } } });
    const database = serverDatabase(server);
    try {
      const project = await createProject(database.db, { name: 'proj', ownerId: 1 });
      for (const [name, role] of MEMBERS) {
        const user = await createLocalUser(database.db, { username: name, password: PASSWORD });
        await insertMember(database.db, { projectId: project.id, userId: user.id, role });
      }
      await createLocalUser(database.db, { username: 'outsider', password: PASSWORD });
    } finally {
      await database.close();
    }
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test.each([
    ['limited', ['pull']],
    ['guest', ['pull']],
    ['developer', ['pull', 'push']],
    ['maintainer', ['pull', 'push', 'delete']],
    ['projadmin', ['pull', 'push', 'delete']],
    ['outsider', []],
  ])('%s is granted %j of pull,push,delete in a private project', async (user, actions) => {
    const res = await tokenFor(['repository:proj/app:pull,push,delete'], user);
    expect(res.status).toBe(200);
    expect(await accessOf(res)).toEqual([{ type: 'repository', name: 'proj/app', actions }]);
  });

  test('only what was asked for is granted; `*` asks for everything held; several scopes in one parameter', async () => {
    expect(await accessOf(await tokenFor(['repository:proj/app:pull'], 'maintainer'))).toEqual([{ type: 'repository', name: 'proj/app', actions: ['pull'] }]);
    expect(await accessOf(await tokenFor(['repository:proj/app:*'], 'developer'))).toEqual([
      { type: 'repository', name: 'proj/app', actions: ['pull', 'push'] },
    ]);
    expect(await accessOf(await tokenFor(['repository:proj/a:pull repository:library/b:push'], 'guest'))).toEqual([
      { type: 'repository', name: 'proj/a', actions: ['pull'] },
      { type: 'repository', name: 'library/b', actions: [] },
    ]);
  });

  test('anonymous callers pull public projects only; an unknown project grants nothing; the catalog is for system admins', async () => {
    expect(await accessOf(await tokenFor(['repository:library/app:pull,push', 'repository:proj/app:pull']))).toEqual([
      { type: 'repository', name: 'library/app', actions: ['pull'] },
      { type: 'repository', name: 'proj/app', actions: [] },
    ]);
    expect(await accessOf(await tokenFor(['repository:nowhere/app:pull,push'], 'admin', 'Harbor12345'))).toEqual([
      { type: 'repository', name: 'nowhere/app', actions: [] },
    ]);
    expect(await accessOf(await tokenFor(['registry:catalog:*'], 'admin', 'Harbor12345'))).toEqual([{ type: 'registry', name: 'catalog', actions: ['*'] }]);
    expect(await accessOf(await tokenFor(['registry:catalog:*'], 'projadmin'))).toEqual([{ type: 'registry', name: 'catalog', actions: [] }]);
  });

  test('no credentials and no scope: 401; a wrong password: 401; another service: 400', async () => {
    const bare = await tokenFor([]);
    expect([bare.status, bare.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="harbor"']);
    expect((await tokenFor(['repository:library/app:pull'], 'guest', 'wrong')).status).toBe(401);
    const other = await tokenFor([], 'guest', PASSWORD, 'elsewhere');
    expect([other.status, await other.json()]).toEqual([400, { errors: [{ code: 'BAD_REQUEST', message: 'Unable to handle service: elsewhere' }] }]);
    expect((await tokenFor([], 'guest')).status).toBe(200);
  });

  test('the JWT: RS256 with the libtrust kid of the key in root.crt, Harbor claims, lifetime from token_expiration', async () => {
    const answer = (await (await tokenFor(['repository:proj/app:pull'], 'guest')).json()) as TokenAnswer;
    expect(answer.access_token).toBe(answer.token);
    expect(answer.expires_in).toBe(300);
    const [header, payload, signature] = answer.token.split('.') as [string, string, string];
    const certificate = new X509Certificate(await readFile(path.join(server.dataVolume, 'secret', 'registry', 'root.crt')));
    const publicKey = createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(decode(header)).toEqual({ typ: 'JWT', alg: 'RS256', kid: libtrustKeyId(publicKey) });
    expect(libtrustKeyId(publicKey)).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = decode(payload);
    expect(claims).toMatchObject({ iss: 'harbor-token-issuer', aud: 'harbor-registry', sub: 'guest' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect(new Date(answer.issued_at).getTime() / 1000).toBe(claims.iat);
  });

  test('the registry refuses forged, expired and foreign tokens (invalid_token) and tokens without the action (insufficient_scope)', async () => {
    const key = signingKeyFromPem(await readFile(path.join(server.dataVolume, 'secret', 'core', 'private_key.pem'), 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'harbor-token-issuer', sub: 'admin', aud: 'harbor-registry', iat: now, nbf: now, exp: now + 300, access: [] };
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const tokens = {
      good: signJwt(claims, key),
      expired: signJwt({ ...claims, exp: now - 3600 }, key),
      foreign: signJwt({ ...claims, aud: 'other-registry' }, key),
      forged: signJwt(claims, { ...stranger, kid: key.kid }),
    };
    const call = (token: string, method = 'GET') => fetch(`${server.url}/v2/library/app/manifests/v1`, { method, headers: { authorization: `Bearer ${token}` } });
    for (const bad of [tokens.expired, tokens.foreign, tokens.forged, 'not.a.token']) {
      const res = await call(bad);
      expect([res.status, res.headers.get('www-authenticate')]).toEqual([
        401,
        `Bearer realm="${server.url}/service/token",service="harbor-registry",scope="repository:library/app:pull",error="invalid_token"`,
      ]);
    }
    expect((await fetch(`${server.url}/v2/`, { headers: { authorization: `Bearer ${tokens.good}` } })).status).toBe(200);
    const pullOnly = ((await (await tokenFor(['repository:library/app:pull'], 'guest')).json()) as TokenAnswer).token;
    const push = await call(pullOnly, 'PUT');
    expect([push.status, push.headers.get('www-authenticate')]).toEqual([
      401,
      `Bearer realm="${server.url}/service/token",service="harbor-registry",scope="repository:library/app:pull,push",error="insufficient_scope"`,
    ]);
  });
});
