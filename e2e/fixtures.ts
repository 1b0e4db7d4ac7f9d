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

/** A screenshot of the whole page: the console scrolls inside <main>, so the window grows to fit it first. */
export async function shoot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.getByRole('main').evaluate((main) => main.getBoundingClientRect().top + main.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(height)) });
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  await page.setViewportSize(size);
}

/** Signs in through the form, from wherever the page is. */
export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Username or e-mail').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `User menu for ${username}` })).toBeVisible();
}

/** Creates a private project through the New project dialog of the projects list, then opens it. */
export async function createProject(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText(`Project ${name} created.`)).toBeVisible();
  await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** Picks an entry of the signed-in user's menu. */
export async function userMenu(page: Page, item: string) {
  await page.getByRole('button', { name: /^User menu for / }).click();
  await page.getByRole('menuitem', { name: item }).click();
  // Signing out ends on the sign-in page once the server has ended the session; a navigation
  // before that cancels the request, and the session (and its redirect away from /sign-in) stays.
  if (item === 'Sign out') await page.waitForURL(/\/sign-in/);
}
