import { expect, screenshotPath, test } from './fixtures';

test('the console shell loads at / and on a client route, and reaches the server', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Berth registry' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Server ready (authentication: db_auth).');
  await page.screenshot({ path: screenshotPath('shell'), fullPage: true });

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
