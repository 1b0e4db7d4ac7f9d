/**
 * OpenID Connect sign-in against a real provider (oidc-provider on a random port): discovery,
 * the code flow with PKCE through Berth's /c/oidc endpoints (redirects followed with cookies),
 * onboarding (the username form, then automatic), groups from the claim on every sign-in, the
 * admin group's rights, a forged state or nonce refused, the ping, and a CLI secret that stops
 * once the user is gone at the provider.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { CookieJar, follow, loginAtProvider, signInThroughBerth, startTestProvider, step, type TestProvider } from '../testing/oidc-provider.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

let server: ServerProcess;
let provider: TestProvider;
let admin: ApiClient;

const callbackPrefix = () => `${server.url}/c/oidc/callback`;

async function signIn(login: string, redirect = '/harbor/projects'): Promise<{ jar: CookieJar; res: Response }> {
  const result = await signInThroughBerth(server.url, login, `${login}-pw`, redirect);
  expect(result.res.status).toBe(302);
  return result;
}

const sessionOf = (jar: CookieJar) => ApiClient.withSessionCookie(server, jar.get(server.url, 'sid')!);

beforeAll(async () => {
  server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  provider = await startTestProvider({
    redirectUri: `${server.url}/c/oidc/callback`,
    accessTokenTtl: 2,
    people: {
      alice: { password: 'alice-pw', email: 'alice@example.org', groups: ['developers', 'berth-admins'] },
      bob: { password: 'bob-pw', email: 'bob@example.org', groups: ['developers', 'unrelated'] },
      carol: { password: 'carol-pw', email: 'carol@example.org', groups: [] },
    },
  });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  const saved = await admin.put('/configurations', {
    auth_mode: 'oidc_auth',
    oidc_name: 'Test IdP',
    oidc_endpoint: provider.issuer,
    oidc_client_id: provider.clientId,
    oidc_client_secret: provider.clientSecret,
    oidc_scope: 'openid,profile,email,groups',
    oidc_user_claim: 'name',
    oidc_groups_claim: 'groups',
    oidc_group_filter: '^(developers|berth-admins)$',
    oidc_admin_group: 'berth-admins',
    oidc_verify_cert: true,
    oidc_auto_onboard: false,
  });
  expect(saved.status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await server?.cleanup();
  await provider?.stop();
});

describe('OpenID Connect sign-in', () => {
  test('outside oidc_auth the endpoints answer 412 (checked before anyone is onboarded: the mode is fixed after)', async () => {
    const login = await follow(new CookieJar(), `${server.url}/c/oidc/login`, () => true);
    expect(login.res.status).toBe(302);
    expect((await admin.put('/configurations', { auth_mode: 'db_auth' })).status).toBe(200);
    expect((await step(new CookieJar(), `${server.url}/c/oidc/login`)).status).toBe(412);
    expect((await admin.put('/configurations', { auth_mode: 'oidc_auth' })).status).toBe(200);
  });

  test('the client secret is never returned, and the sign-in page learns the provider name', async () => {
    const config = await admin.get<Record<string, { value: unknown }>>('/configurations');
    expect(config.body.oidc_client_secret).toBeUndefined();
    expect(JSON.stringify(config.body)).not.toContain(provider.clientSecret);
    expect(config.body.oidc_endpoint?.value).toBe(provider.issuer);
    const info = await ApiClient.anonymous(server).get<{ oidc_provider_name: string }>('/systeminfo');
    expect(info.body.oidc_provider_name).toBe('Test IdP');
  });

  test('ping: a provider that answers discovery passes; a wrong endpoint is reported plainly', async () => {
    expect((await admin.post('/system/oidc/ping', { url: provider.issuer, verify_cert: true })).status).toBe(200);
    const bad = await admin.post('/system/oidc/ping', { url: 'http://127.0.0.1:9/nothing', verify_cert: true });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.message).toMatch(/could not be reached or answered no OpenID configuration/);
    const notUrl = await admin.post('/system/oidc/ping', { url: 'not a url' });
    expect([bad.status, notUrl.status]).toEqual([400, 400]);
    expect(errorOf(notUrl)?.field).toBe('url');
    // Only system admins may test.
    expect((await ApiClient.anonymous(server).post('/system/oidc/ping', { url: provider.issuer })).status).toBe(401);
    // A provider that is down when someone signs in: a 503 that says so, not a 500.
    expect((await admin.put('/configurations', { oidc_endpoint: 'http://127.0.0.1:9/down' })).status).toBe(200);
    const down = await step(new CookieJar(), `${server.url}/c/oidc/login`);
    expect(down.status).toBe(503);
    expect(JSON.stringify(await down.json())).toMatch(/provider at http:\/\/127.0.0.1:9\/down cannot be reached/);
    expect((await admin.put('/configurations', { oidc_endpoint: provider.issuer })).status).toBe(200);
  });

  test('the login sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const res = await step(new CookieJar(), `${server.url}/c/oidc/login`);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const param of ['code_challenge', 'state', 'nonce']) expect(url.searchParams.get(param)?.length).toBeGreaterThan(20);
    expect(url.searchParams.get('scope')).toBe('openid profile email groups');
    expect(url.searchParams.get('redirect_uri')).toBe(`${server.url}/c/oidc/callback`);
    // Another site is never a place to return to.
    const elsewhere = await step(new CookieJar(), `${server.url}/c/oidc/login?redirect_url=${encodeURIComponent('//evil.example/x')}`);
    expect(elsewhere.status).toBe(302);
  });

  test('first sign-in asks for a username, then the user is onboarded with the filtered groups and admin rights', async () => {
    const { jar, res } = await signIn('alice');
    expect(res.status).toBe(302);
    const onboard = new URL(res.headers.get('location')!, server.url);
    expect(onboard.pathname).toBe('/oidc-onboard');
    expect(onboard.searchParams.get('username')).toBe('alice');
    expect(onboard.searchParams.get('redirect_url')).toBe('/harbor/projects');
    expect(jar.get(server.url, 'sid')).toBeUndefined();

    // A taken name is refused, and another may be tried without signing in again.
    const taken = await step(jar, `${server.url}/c/oidc/onboard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) });
    expect(taken.status).toBe(409);
    const done = await step(jar, `${server.url}/c/oidc/onboard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice.oidc' }) });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ redirect_url: '/harbor/projects' });

    const me = await sessionOf(jar).get<{ username: string; email: string; admin_role_in_auth: boolean; sysadmin_flag: boolean; oidc_user_meta?: { subiss: string } }>('/users/current');
    expect(me.body).toMatchObject({ username: 'alice.oidc', email: 'alice@example.org', admin_role_in_auth: true, sysadmin_flag: false });
    expect(me.body.oidc_user_meta?.subiss).toBe(`alice${provider.issuer}`);
    // The admin group's rights: an admin-only list answers.
    expect((await sessionOf(jar).get('/users')).status).toBe(200);
    const groups = await admin.get<{ group_name: string; group_type: number }[]>('/usergroups');
    expect(groups.body.filter((g) => g.group_type === 3).map((g) => g.group_name).sort()).toEqual(['berth-admins', 'developers']);
  });

  test('with oidc_auto_onboard the user is made at once; groups follow the provider at every sign-in', async () => {
    expect((await admin.put('/configurations', { oidc_auto_onboard: true })).status).toBe(200);
    expect((await admin.post('/projects', { project_name: 'oidc-team', metadata: { public: 'false' } })).status).toBe(201);
    const developers = (await admin.get<{ id: number; group_name: string }[]>('/usergroups?group_name=developers')).body.find((g) => g.group_name === 'developers')!;
    expect((await admin.post('/projects/oidc-team/members', { role_id: 2, member_group: { id: developers.id } })).status).toBe(201);

    const first = await signIn('bob', '/harbor/projects/oidc-team');
    expect(first.res.status).toBe(302);
    expect(first.res.headers.get('location')).toBe('/harbor/projects/oidc-team');
    const bob = sessionOf(first.jar);
    const me = await bob.get<{ username: string; admin_role_in_auth: boolean }>('/users/current');
    expect(me.body).toMatchObject({ username: 'bob', admin_role_in_auth: false });
    expect((await bob.get('/users')).status).toBe(403);
    expect((await bob.get<{ current_user_role_id: number }>('/projects/oidc-team')).body.current_user_role_id).toBe(2);

    // Removed from the group at the provider: the next sign-in drops the project role.
    provider.people.get('bob')!.groups = ['unrelated'];
    const again = await signIn('bob');
    expect(again.res.status).toBe(302);
    expect((await sessionOf(again.jar).get('/projects/oidc-team')).status).toBe(403);
  });

  test('a forged state is refused, and so is an ID token whose nonce is not the one sent', async () => {
    const forged = await signIn('carol');
    expect(forged.res.status).toBe(302);
    // The state in the answer must be the one the login set in its cookie.
    const jar = new CookieJar();
    const start = await step(jar, `${server.url}/c/oidc/login`);
    const authorize = new URL(start.headers.get('location')!);
    const callback = new URL(await loginAtProvider(jar, authorize.href, 'carol', 'carol-pw', callbackPrefix()));
    callback.searchParams.set('state', 'forged-state-value-that-is-long-enough');
    const badState = await step(jar, callback.href);
    expect(badState.status).toBe(400);
    expect(errorOf({ status: 400, headers: badState.headers, body: await badState.json() })?.message).toMatch(/state/);

    // Same state and PKCE challenge as Berth's login, but another nonce: only the nonce differs.
    const jar2 = new CookieJar();
    const begun = new URL((await step(jar2, `${server.url}/c/oidc/login`)).headers.get('location')!);
    begun.searchParams.set('nonce', 'a-nonce-berth-never-sent-0123456789');
    const replayed = await loginAtProvider(jar2, begun.href, 'carol', 'carol-pw', callbackPrefix());
    const badNonce = await step(jar2, replayed);
    expect(badNonce.status).toBe(400);
    expect(JSON.stringify(await badNonce.json())).toMatch(/nonce/);
    expect(jar2.get(server.url, 'sid')).toBeUndefined();
  });

  test('the local admin still signs in with the password; others are sent to the provider', async () => {
    expect((await ApiClient.anonymous(server).login('admin', 'Harbor12345')).status).toBe(200);
    const other = await ApiClient.anonymous(server).login('bob', 'bob-pw');
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ redirect_location: `${server.url}/c/oidc/login` });
  });

  test('an ID token from the provider is accepted as a bearer on /api/v2.0; a forged one or an access token is not', async () => {
    // A tool gets its own tokens from the provider for Berth's client (here with openid-client).
    const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
    const [verifier, state] = [oidc.randomPKCECodeVerifier(), oidc.randomState()];
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackPrefix(),
      scope: 'openid profile email groups',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = await loginAtProvider(new CookieJar(), url.href, 'bob', 'bob-pw', callbackPrefix());
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
    const asBearer = (token: string) => fetch(`${server.url}/api/v2.0/users/current`, { headers: { authorization: `Bearer ${token}` } });
    const me = await asBearer(tokens.id_token!);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('bob');
    const [head, body, signature] = tokens.id_token!.split('.') as [string, string, string];
    const otherSub = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'alice' })).toString('base64url');
    expect((await asBearer(`${head}.${otherSub}.${signature}`)).status).toBe(401);
    expect((await asBearer(tokens.access_token)).status).toBe(401);
  });

  test('a CLI secret works until the user is removed at the provider (the refresh fails)', async () => {
    const { jar } = await signIn('carol');
    const carol = sessionOf(jar);
    const me = await carol.get<{ user_id: number }>('/users/current');
    expect((await carol.put(`/users/${me.body.user_id}/cli_secret`, { secret: 'CarolCli5ecret' })).status).toBe(200);
    const withSecret = () => fetch(`${server.url}/api/v2.0/users/current`, { headers: { authorization: basic('carol', 'CarolCli5ecret') } });
    expect((await withSecret()).status).toBe(200);
    // The access token lives 2 s: after that each use asks the provider, which still knows carol.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await withSecret()).status).toBe(200);
    const token = await fetch(`${server.url}/service/token?service=harbor-registry`, { headers: { authorization: basic('carol', 'CarolCli5ecret') } });
    expect(token.status).toBe(200);

    provider.people.delete('carol');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await withSecret()).status).toBe(401);
    expect((await fetch(`${server.url}/service/token?service=harbor-registry`, { headers: { authorization: basic('carol', 'CarolCli5ecret') } })).status).toBe(401);
  });

});
