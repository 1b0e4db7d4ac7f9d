import { expect, screenshotPath, test } from './fixtures';

test('signing in returns to the page that asked, and the projects list shows library', async ({ page }) => {
  await page.goto('/projects?sort=name');
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fprojects%3Fsort%3Dname$/);
  await page.screenshot({ path: screenshotPath('sign-in'), fullPage: true });

  await page.getByLabel('Username or e-mail').fill('admin');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The username, e-mail or password is not correct.');

  await page.getByLabel('Password').fill('Harbor12345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects\?sort=name$/);
  const table = page.getByRole('table', { name: 'Projects' });
  await expect(table.getByRole('link', { name: 'library' })).toBeVisible();
  await expect(table.getByRole('row', { name: /library/ })).toContainText('Public');

  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill('Team-A');
  await expect(dialog.getByRole('list', { name: 'Name rules' })).toBeVisible();
  await dialog.getByLabel('Project name').fill('team-a');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Project team-a created.')).toBeVisible();
  await expect(table.getByRole('link', { name: 'team-a' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('projects'), fullPage: true });

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
