/**
 * CLI secrets (auth_mode oidc_auth): PUT /users/{id}/cli_secret in Harbor's shape, the secret
 * sealed at rest and shown to its user, accepted with Basic on /api/v2.0, /service/token and /v2
 * (skopeo pushes with it), and a replaced secret refused at once. The OIDC user is written into
 * the database as an OIDC sign-in would leave it (the sign-in itself is oidc.int.test.ts's).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf, openServerDatabase } from '../testing/api-client.js';
import { buildImage, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

let server: ServerProcess;
let admin: ApiClient;
let work: string;
let olgaId: number;
const image = buildImage({ seed: 'cli-secret' });

function skopeo(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') }, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stderr }),
    );
  });
}

/** An OIDC-onboarded user as the sign-in leaves one: no local password, a subject+issuer, no secret yet. */
function onboardOidcUser(username: string): number {
  const db = openServerDatabase(server);
  try {
    const now = new Date().toISOString();
    const { lastInsertRowid } = db
      .prepare("insert into users (username, email, password_hash, auth_source, creation_time, update_time) values (?, ?, null, 'oidc', ?, ?)")
      .run(username, `${username}@example.org`, now, now);
    db.prepare("insert into oidc_users (user_id, subiss, secret, creation_time, update_time) values (?, ?, '', ?, ?)").run(lastInsertRowid, `${username}https://idp.example`, now, now);
    return Number(lastInsertRowid);
  } finally {
    db.close();
  }
}

const storedSecret = () => {
  const db = openServerDatabase(server);
  try {
    return (db.prepare('select secret from oidc_users where user_id = ?').get(olgaId) as { secret: string }).secret;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  [server, work] = await Promise.all([startServer({ preparedDataVolume: inject('preparedDataVolume') }), mkdtemp(path.join(os.tmpdir(), 'berth-cli-'))]);
  await writeOciLayout(path.join(work, 'layout'), imageBlobs(image), { app: image.manifest });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  expect((await admin.put('/configurations', { auth_mode: 'oidc_auth' })).status).toBe(200);
  olgaId = onboardOidcUser('olga');
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('CLI secrets', () => {
  test('set by the user or an admin, checked as Harbor checks it, sealed at rest, shown to the user only', async () => {
    expect((await admin.put('/users/1/cli_secret', { secret: 'Secr3tCliValue' })).status).toBe(412);
    expect((await admin.put('/users/9999/cli_secret', { secret: 'Secr3tCliValue' })).status).toBe(404);
    const weak = await admin.put(`/users/${olgaId}/cli_secret`, { secret: 'short' });
    expect(weak.status).toBe(400);
    expect(errorOf(weak)?.message).toMatch(/secret must be 8 to 128/);
    expect((await ApiClient.anonymous(server).put(`/users/${olgaId}/cli_secret`, { secret: 'Secr3tCliValue' })).status).toBe(401);
    expect((await admin.put(`/users/${olgaId}/cli_secret`, { secret: 'Secr3tCliValue' })).status).toBe(200);

    expect(storedSecret()).toMatch(/^enc:v1:/);
    expect(storedSecret()).not.toContain('Secr3tCliValue');
    const olga = ApiClient.basic(server, 'olga', 'Secr3tCliValue');
    const me = await olga.get<{ username: string; oidc_user_meta: { user_id: number; secret: string; subiss: string } }>('/users/current');
    expect(me.status).toBe(200);
    expect(me.body.oidc_user_meta).toMatchObject({ user_id: olgaId, secret: 'Secr3tCliValue', subiss: 'olgahttps://idp.example' });
    expect((await admin.get<Record<string, unknown>>('/users/current')).body).not.toHaveProperty('oidc_user_meta');
    expect((await admin.get<Record<string, unknown>>(`/users/${olgaId}`)).body).not.toHaveProperty('oidc_user_meta');
    // A CLI secret opens no console session: the console is sent to the provider; admin keeps its password.
    const consoleSignIn = await ApiClient.anonymous(server).login('olga', 'Secr3tCliValue');
    expect(consoleSignIn.status).toBe(403);
    expect(consoleSignIn.body).toEqual({ redirect_location: `${server.url}/c/oidc/login` });
    expect((await ApiClient.anonymous(server).login('admin', 'Harbor12345')).status).toBe(200);
    // The user regenerates their own.
    expect((await olga.put(`/users/${olgaId}/cli_secret`, { secret: 'N3wCliSecretX' })).status).toBe(200);
    expect((await olga.get('/users/current')).status).toBe(401);
    expect((await ApiClient.basic(server, 'olga', 'N3wCliSecretX').get('/users/current')).status).toBe(200);
  });

  test('skopeo pushes with the CLI secret; the token service refuses a wrong or replaced one', async () => {
    expect((await admin.put(`/users/${olgaId}/cli_secret`, { secret: 'PushS3cretAb' })).status).toBe(200);
    expect((await admin.post('/projects', { project_name: 'oidc-team', metadata: { public: 'false' } })).status).toBe(201);
    expect((await admin.post('/projects/oidc-team/members', { role_id: 2, member_user: { username: 'olga' } })).status).toBe(201);
    const target = `docker://${server.url.slice(7)}/oidc-team/app:v1`;
    expect(await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'olga:PushS3cretAb', `oci:${work}/layout:app`, target)).toMatchObject({ code: 0 });

    const token = (password: string) =>
      fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:oidc-team/app:pull`, { headers: { authorization: basic('olga', password) } });
    expect((await token('PushS3cretAb')).status).toBe(200);
    expect((await token('WrongS3cretAb')).status).toBe(401);
    expect((await admin.put(`/users/${olgaId}/cli_secret`, { secret: 'Rotat3dSecretAb' })).status).toBe(200);
    expect((await token('PushS3cretAb')).status).toBe(401);
    expect((await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'olga:PushS3cretAb', `oci:${work}/layout:app`, target)).code).toBe(1);
  });
});
