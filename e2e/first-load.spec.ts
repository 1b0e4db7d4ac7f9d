/**
 * The console's first load: the HTML names every script the first page needs
 * (server/http/console-preloads.ts), so the browser asks for them at once, and carries the
 * page's first API answers (server/api/console-visit.ts), so it asks for no data at all; the HTTP
 * client (axios) follows after the page shows. Speed itself is measured
 * in bench/console-load.ts, never here. And a tab left open across an upgrade, whose next page's
 * code is gone from the server, still reloads into the new version.
 */
import { expect, signIn, test } from './fixtures';

test('signed in, /projects needs no script but those its HTML names', async ({ page }) => {
  await signIn(page, 'admin', 'Harbor12345');
  const html = await (await page.request.get('/projects')).text();
  const named = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(named.length).toBeLessThanOrEqual(6);
  // Any other script is held until the list shows: if the page needed one, it would never show.
  let usable = false;
  const held: (() => void)[] = [];
  await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
    if (!usable && !named.includes(new URL(route.request().url()).pathname)) await new Promise<void>((release) => held.push(release));
    await route.continue();
  });
  await page.goto('/projects');
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'library' })).toBeVisible();
  usable = true;
  for (const release of held) release();
  // What was held (the user menu) follows, and works.
  await expect(page.getByRole('button', { name: 'User menu for admin' })).toBeVisible();
});

test('signed in, /projects asks for neither the session nor the list: the HTML carries them, and later requests go to the server', async ({ page }) => {
  await signIn(page, 'admin', 'Harbor12345');
  // The token the sign-in handed over is forgotten: the HTML's answers must bring it again.
  await page.evaluate(() => sessionStorage.clear());
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
  });
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname + new URL(request.url()).search));
  await page.goto('/projects');
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'library' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'User menu for admin' })).toBeVisible();
  expect(requested.filter((url) => url.startsWith('/api/v2.0/projects?') || url === '/c/session')).toEqual([]);
  expect(warnings.filter((text) => /preload/i.test(text))).toEqual([]);
  // The page came rendered by the server; once the browser has taken it over its times turn from
  // UTC to the browser's own (web/components/ui/time.tsx), and its buttons are enabled (app.tsx).
  await expect(page.getByRole('table', { name: 'Projects' })).not.toContainText(' UTC');
  // Another order is the server's answer of the moment, not the HTML's.
  await page.getByRole('button', { name: 'Name' }).click();
  await expect.poll(() => requested.filter((url) => url.startsWith('/api/v2.0/projects?'))).toEqual(['/api/v2.0/projects?page=1&page_size=15&sort=name']);
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'library' })).toBeVisible();
  // A change made with the CSRF token the HTML carried is accepted the first time.
  await page.getByRole('button', { name: 'New project' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Project name').fill('first-answers');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'first-answers' })).toBeVisible();
  expect(requested.filter((url) => url === '/api/v2.0/users/current')).toEqual([]);
});

test('a tab left open across an upgrade reloads into the new version when a page\'s code is gone', async ({ page }) => {
  await signIn(page, 'admin', 'Harbor12345');
  await page.goto('/projects');
  await expect(page.getByRole('table', { name: 'Projects' })).toBeVisible();
  // The users page's code is not loaded yet; the "old" file answers 404 once, as after an upgrade.
  let refused = 0;
  await page.route(/\/assets\/users-page-[\w-]+\.js$/, async (route) => {
    if (refused++ === 0) await route.fulfill({ status: 404, body: 'Not found.\n' });
    else await route.continue();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('button', { name: 'New user' })).toBeVisible({ timeout: 20_000 });
  expect(refused).toBeGreaterThanOrEqual(2);
  await expect(page.getByText('This page could not be shown')).toHaveCount(0);
});
