/**
 * The signed-in projects list arrives rendered by the server (web/entry-server.tsx): it is
 * usable before any script runs (its links are real links), and the browser takes the server's
 * markup over (hydrates it) without React finding anything different, in either theme; after
 * that, a link is followed inside the page, as anywhere in the console.
 */
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

/** Everything the page logs as an error or warning, and every uncaught error (React reports a failed hydration so). */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

const libraryLink = (page: Page) => page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'library' });

for (const theme of ['light', 'dark'] as const) {
  test(`in the ${theme} theme, /projects hydrates without an error and then follows links inside the page`, async ({ page }) => {
    await signIn(page, 'admin', 'Harbor12345');
    await page.evaluate((chosen) => localStorage.setItem('berth.theme', chosen), theme);
    const problems = problemsOf(page);
    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(new URL(request.url()).pathname);
    });
    await page.goto('/projects');
    await expect(libraryLink(page)).toBeVisible();
    // Times show in UTC until the browser has the page, then in its own locale: hydration is over.
    const created = page.getByRole('table', { name: 'Projects' }).getByRole('row').nth(1);
    await expect(created).not.toContainText('UTC');
    await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expect(page.getByRole('button', { name: 'New project' })).toBeEnabled();
    await libraryLink(page).click();
    await expect(page.getByRole('heading', { name: 'library' })).toBeVisible();
    expect(page.url()).toMatch(/\/projects\/1\/summary$/);
    // One document, the first: the link was followed by the console's router, not by a page load.
    expect(documents).toEqual(['/projects']);
    expect(problems).toEqual([]);
    // The console tells the server its theme, and the next page comes in it from the first paint.
    const next = await (await page.request.get('/projects')).text();
    expect(next.includes('<html lang="en" class="dark">')).toBe(theme === 'dark');
  });
}

test('before any script runs, the projects list shows, its links lead to their pages, and its buttons are disabled', async ({ browser, page }) => {
  await signIn(page, 'admin', 'Harbor12345');
  const noScripts = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState(), baseURL: new URL(page.url()).origin });
  const bare = await noScripts.newPage();
  await bare.goto('/projects');
  await expect(libraryLink(bare)).toBeVisible();
  await expect(bare.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
  // Buttons wait for the browser to take the page over: a press before then would be lost.
  await expect(bare.getByRole('button', { name: 'New project' })).toBeDisabled();
  await libraryLink(bare).click();
  await bare.waitForURL(/\/projects\/1\/summary$/);
  await noScripts.close();
});
