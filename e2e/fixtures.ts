/** Playwright fixtures: a real Berth server per test file, stopped and removed afterwards. */
import { expect, test as base, type Page } from '@playwright/test';
import { startServer, type ServerProcess } from '../server/testing/server-process';

export const test = base.extend<object, { berth: ServerProcess }>({
  berth: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
      await server.cleanup();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ berth }, use) => use(berth.url),
});

export { expect };

/** Where screenshots of the main pages go, to be looked at. */
export const screenshotPath = (name: string) => `test-results/screenshots/${name}.png`;

/** Signs in through the form, from wherever the page is. */
export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Username or e-mail').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `User menu for ${username}` })).toBeVisible();
}

/** Picks an entry of the signed-in user's menu. */
export async function userMenu(page: Page, item: string) {
  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
