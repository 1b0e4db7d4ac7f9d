/**
 * OpenID Connect in the console, against a real provider (oidc-provider, started here): the admin
 * sets it up on Configuration > Authentication (testing the endpoint), adds an OIDC group and
 * makes it a project's developer; a person signs in via the provider, chooses a username, gets the
 * group's role (not admin), makes a CLI secret on their profile and pushes with skopeo; a member
 * of the admin group gets Administration; once removed at the provider, the secret stops working.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { buildImage, imageBlobs, writeOciLayout } from '../server/testing/oci-images';
import { startTestProvider, type TestProvider } from '../server/testing/oidc-provider';
import { startServer, type ServerProcess } from '../server/testing/server-process';
import { screenshotPath, shoot, signIn, userMenu } from './fixtures';

interface World {
  server: ServerProcess;
  provider: TestProvider;
  layout: string;
}

const test = base.extend<object, { world: World }>({
  world: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer();
      const provider = await startTestProvider({
        redirectUri: `${server.url}/c/oidc/callback`,
        accessTokenTtl: 2,
        people: {
          dana: { password: 'dana-pw', email: 'dana@example.org', groups: ['developers'] },
          root: { password: 'root-pw', email: 'root@example.org', groups: ['berth-admins'] },
        },
      });
      const layout = await mkdtemp(path.join(os.tmpdir(), 'berth-oidc-e2e-'));
      const image = buildImage({ seed: 'oidc-e2e' });
      await writeOciLayout(path.join(layout, 'oci'), imageBlobs(image), { app: image.manifest });
      await use({ server, provider, layout });
      await Promise.all([server.stop().then(() => server.cleanup()), provider.stop(), rm(layout, { recursive: true, force: true })]);
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ world }, use) => use(world.server.url),
});

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 800 } });

function skopeoPush(world: World, user: string, secret: string): Promise<number> {
  const target = `docker://${world.server.url.slice('http://'.length)}/oidc-team/app:v1`;
  return new Promise((resolve) => {
    execFile('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `${user}:${secret}`, `oci:${world.layout}/oci:app`, target], { timeout: 60_000 }, (err) =>
      resolve(err ? 1 : 0),
    );
  });
}

async function signInViaProvider(page: import('@playwright/test').Page, login: string) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in via Test IdP' }).click();
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(`${login}-pw`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in through the provider, onboard, push with the CLI secret, lose access once removed', async ({ page, world }) => {
  test.setTimeout(60_000);
  await test.step('the admin sets OpenID Connect up and tests the endpoint', async () => {
    await signIn(page, 'admin', 'Harbor12345');
    await page.goto('/admin/configuration/authentication');
    await page.getByLabel('Authentication mode').selectOption('oidc_auth');
    await page.getByLabel('OIDC provider name').fill('Test IdP');
    await page.getByLabel('OIDC endpoint').fill('http://127.0.0.1:9/nothing');
    await page.getByRole('button', { name: 'Test OIDC server' }).click();
    await expect(page.getByRole('status', { name: 'OIDC test' })).toContainText('could not be reached');
    await page.getByLabel('OIDC endpoint').fill(world.provider.issuer);
    await page.getByLabel('OIDC client ID').fill(world.provider.clientId);
    await page.getByLabel('OIDC client secret', { exact: true }).fill(world.provider.clientSecret);
    await page.getByLabel('OIDC scope').fill('openid,profile,email,groups');
    await page.getByLabel('Group claim name').fill('groups');
    await page.getByLabel('OIDC admin group').fill('berth-admins');
    // The provider asks each time, not only once per browser session (two people share this browser).
    await page.getByLabel('Extra redirect parameters').fill('{"prompt":"login"}');
    await page.getByRole('button', { name: 'Test OIDC server' }).click();
    await expect(page.getByRole('status', { name: 'OIDC test' })).toContainText('The provider answered');
    await shoot(page, 'configuration-oidc');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Authentication settings saved.')).toBeVisible();
  });

  await test.step('an OIDC group becomes developer of a project', async () => {
    await page.goto('/admin/groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group type').selectOption('3');
    await dialog.getByLabel('Group name').fill('developers');
    await dialog.getByRole('button', { name: 'Add group' }).click();
    await expect(page.getByRole('table', { name: 'Groups' }).getByText('developers')).toBeVisible();
    const created = await page.request.post('/api/v2.0/projects', {
      data: { project_name: 'oidc-team', metadata: { public: 'false' } },
      headers: { 'x-harbor-csrf-token': (await page.request.get('/c/session')).headers()['x-harbor-csrf-token']! },
    });
    expect(created.status()).toBe(201);
    await page.goto('/projects');
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'oidc-team' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Add group' }).click();
    const add = page.getByRole('dialog', { name: 'Add group' });
    await add.getByRole('combobox', { name: 'Group' }).fill('dev');
    await add.getByRole('option', { name: 'developers' }).click();
    await add.getByLabel('Role').selectOption({ label: 'Developer' });
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Members' }).getByRole('row', { name: /developers\s*Group/ })).toBeVisible();
    await userMenu(page, 'Sign out');
  });

  let secret = '';
  await test.step('dana signs in via the provider, chooses a username, and gets the group role only', async () => {
    await signInViaProvider(page, 'dana');
    await expect(page.getByRole('heading', { name: 'Choose your username' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('dana');
    await page.screenshot({ path: screenshotPath('oidc-onboard') });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('button', { name: 'User menu for dana' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'oidc-team' })).toBeVisible();

    await userMenu(page, 'Profile');
    await page.getByRole('button', { name: 'Generate a new secret' }).click();
    await expect(page.getByText('New CLI secret made')).toBeVisible();
    await expect(page.getByLabel('Your CLI secret')).toHaveText(/^Aa1\w{29}$/);
    await shoot(page, 'profile-cli-secret');
    secret = (await page.getByLabel('Your CLI secret').textContent()) ?? '';
    expect(await skopeoPush(world, 'dana', secret)).toBe(0);
    await userMenu(page, 'Sign out');
  });

  await test.step('a member of the admin group gets Administration', async () => {
    await signInViaProvider(page, 'root');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' })).toBeVisible();
  });

  await test.step('removed at the provider, dana cannot push once the token needs a refresh', async () => {
    world.provider.people.delete('dana');
    await page.waitForTimeout(2_500);
    expect(await skopeoPush(world, 'dana', secret)).toBe(1);
  });
});
