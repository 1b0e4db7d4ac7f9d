/**
 * OpenID Connect sign-in on PostgreSQL (oidc.int.test.ts runs the whole flow on SQLite): a user
 * onboarded automatically, OIDC groups made from the claim and changed at the next sign-in, the
 * admin group's rights, and the CLI secret on the API.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { signInThroughBerth, startTestProvider, type TestProvider } from '../testing/oidc-provider.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

describe.runIf(DIALECTS.includes('postgresql'))('OpenID Connect sign-in on PostgreSQL', () => {
  let server: ServerProcess;
  let provider: TestProvider;
  let testDb: TestDatabase;
  let admin: ApiClient;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env: { BERTH_DATABASE_URL: testDb.url! } });
    provider = await startTestProvider({
      redirectUri: `${server.url}/c/oidc/callback`,
      people: { pat: { password: 'pat-pw', email: 'pat@example.org', groups: ['ops', 'berth-admins'] } },
    });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const saved = await admin.put('/configurations', {
      auth_mode: 'oidc_auth',
      oidc_name: 'PG IdP',
      oidc_endpoint: provider.issuer,
      oidc_client_id: provider.clientId,
      oidc_client_secret: provider.clientSecret,
      oidc_scope: 'openid,profile,email,groups',
      oidc_groups_claim: 'groups',
      oidc_admin_group: 'berth-admins',
      oidc_auto_onboard: true,
    });
    expect(saved.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await provider?.stop();
    await testDb?.drop();
  });

  test('onboarded at once, groups from the claim at every sign-in, admin by group, CLI secret on the API', async () => {
    const first = await signInThroughBerth(server.url, 'pat', 'pat-pw');
    expect(first.res.status).toBe(302);
    const pat = ApiClient.withSessionCookie(server, first.jar.get(server.url, 'sid')!);
    const me = await pat.get<{ user_id: number; username: string; admin_role_in_auth: boolean }>('/users/current');
    expect(me.body).toMatchObject({ username: 'pat', admin_role_in_auth: true });
    const groupNames = async () => (await admin.get<{ group_name: string; group_type: number }[]>('/usergroups')).body.map((g) => g.group_name).sort();
    expect(await groupNames()).toEqual(['berth-admins', 'ops']);

    expect((await pat.put(`/users/${me.body.user_id}/cli_secret`, { secret: 'PatCli5ecret' })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v2.0/users`, { headers: { authorization: basic('pat', 'PatCli5ecret') } })).status).toBe(200);

    // Out of the admin group at the provider: the next sign-in is an ordinary user's.
    provider.people.get('pat')!.groups = ['ops', 'auditors'];
    const again = await signInThroughBerth(server.url, 'pat', 'pat-pw');
    const patAgain = ApiClient.withSessionCookie(server, again.jar.get(server.url, 'sid')!);
    expect((await patAgain.get<{ admin_role_in_auth: boolean }>('/users/current')).body.admin_role_in_auth).toBe(false);
    expect((await patAgain.get('/users')).status).toBe(403);
    expect(await groupNames()).toEqual(['auditors', 'berth-admins', 'ops']);
  });
});
