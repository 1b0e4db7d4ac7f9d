/**
 * The console journey: an admin creates a user and a private project and makes the
 * user a developer there; the user sees only what is theirs and is refused Administration; the
 * audit log shows the changes; the user changes their password and signs in with it; themes.
 */
import { createProject, expect, screenshotPath, signIn, test, userMenu } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const USER = `dev-${suffix}`;
const PROJECT = `proj-${suffix}`;
const FIRST_PASSWORD = 'Developer1pass';
const NEW_PASSWORD = 'Changed2Pass';

test('admin sets up a developer, who sees only their project, is refused Administration, and changes their password', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });

  await test.step('admin creates a user, the password rules shown as they type', async () => {
    await signIn(page, 'admin', 'Harbor12345');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill(USER);
    await dialog.getByLabel('E-mail').fill(`${USER}@example.com`);
    await dialog.getByLabel('Real name').fill('Dev Eloper');
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    const rules = dialog.getByRole('list', { name: 'Password rules' });
    await expect(rules.getByRole('listitem').filter({ hasText: '8 to 128 characters' })).toContainText('(not met)');
    await expect(rules.getByRole('listitem').filter({ hasText: 'a lower case letter' })).toContainText('(met)');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText('The password does not follow the rules below.')).toBeVisible();
    await dialog.getByLabel('Password', { exact: true }).fill(FIRST_PASSWORD);
    await dialog.getByLabel('Confirm password').fill(FIRST_PASSWORD);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText(`User ${USER} created.`)).toBeVisible();
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(USER) });
    await expect(row).toContainText('Dev Eloper');
    await page.getByRole('button', { name: `Actions for ${USER}` }).click();
    await page.getByRole('menuitem', { name: 'Make system admin' }).click();
    await expect(page.getByText(`${USER} is now a system admin.`)).toBeVisible();
    await expect(row).toContainText('Admin');
    await page.getByRole('button', { name: `Actions for ${USER}` }).click();
    await page.getByRole('menuitem', { name: 'Remove admin rights' }).click();
    await expect(page.getByText(`${USER} is no longer a system admin.`)).toBeVisible();
    await page.screenshot({ path: screenshotPath('admin-users'), fullPage: true });
  });

  await test.step('admin creates a private project and reads its push commands', async () => {
    await createProject(page, PROJECT);
    const push = page.getByRole('region', { name: 'Push an image' });
    await expect(push.getByText(`docker push 127.0.0.1:${new URL(page.url()).port}/${PROJECT}/REPOSITORY[:TAG]`)).toBeVisible();
    await expect(push.getByRole('button', { name: 'Copy the push command' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Members by role' })).toContainText('1Project admins');
    await page.screenshot({ path: screenshotPath('project-summary'), fullPage: true });
  });

  await test.step('admin adds the user as a developer, found by typing part of the name', async () => {
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await dialog.getByRole('combobox', { name: 'Username' }).fill(`dev-${suffix.slice(0, 3)}`);
    await dialog.getByRole('option', { name: USER }).click();
    await expect(dialog.getByRole('combobox', { name: 'Username' })).toHaveValue(USER);
    await dialog.getByLabel('Role').selectOption({ label: 'Guest' });
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByText(`${USER} is now Guest of ${PROJECT}.`)).toBeVisible();
    await page.getByLabel(`Role of ${USER}`).selectOption({ label: 'Developer' });
    await expect(page.getByText(`${USER} is now Developer.`)).toBeVisible();
    await expect(page.getByLabel(`Role of ${USER}`)).toHaveValue('2');
    await page.screenshot({ path: screenshotPath('project-members'), fullPage: true });
  });

  await test.step('the project log and the audit log show the member and project changes', async () => {
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Logs' }).click();
    const projectLog = page.getByRole('table', { name: `Audit log of ${PROJECT}` });
    await expect(projectLog.getByRole('row', { name: /update member/ })).toBeVisible();
    await expect(projectLog.getByRole('row', { name: /create member/ })).toBeVisible();
    await expect(projectLog.getByRole('row', { name: /create project/ })).toBeVisible();
    await page.screenshot({ path: screenshotPath('project-logs'), fullPage: true });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit logs' }).click();
    // The project's Logs tab has the same filters: act only once the admin page is there.
    await expect(page.getByRole('heading', { name: 'Audit logs' })).toBeVisible();
    const log = page.getByRole('table', { name: 'Audit log', exact: true });
    await page.getByLabel('Resource type').selectOption('project');
    await page.getByLabel('Filter by resource').fill(PROJECT);
    await expect(page).toHaveURL(new RegExp(`resource=${PROJECT}`));
    await expect(log.getByRole('row', { name: new RegExp(`create project: ${PROJECT}`) })).toBeVisible();
    await expect(log.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Resource type').selectOption('member');
    await page.getByLabel('Filter by resource').fill(USER);
    await expect(log.getByRole('row', { name: new RegExp(`create user member ${USER} \\(guest\\) in project ${PROJECT}`) })).toBeVisible();
    await expect(log.getByRole('row', { name: new RegExp(`update user member ${USER} \\(developer\\)`) })).toBeVisible();
    await page.getByLabel('From').fill('2999-01-01T00:00');
    await expect(page.getByText('No entry matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(log.getByRole('row', { name: /login user admin/ }).first()).toBeVisible();
    // Choosing an operation while the user filter is still being typed keeps both.
    await page.getByLabel('Filter by user').pressSequentially('adm');
    await page.getByLabel('Operation').selectOption('login');
    await expect(page).toHaveURL(/operation=login/);
    await expect(page).toHaveURL(/username=adm/);
    await expect(page.getByLabel('Filter by user')).toHaveValue('adm');
    await expect(log.getByRole('row', { name: /login user admin/ }).first()).toBeVisible();
    // At 1440 px the whole table fits: the Result column is on screen, not scrolled away.
    await page.setViewportSize({ width: 1440, height: 900 });
    const result = await log.getByRole('columnheader', { name: 'Result' }).boundingBox();
    expect(result!.x + result!.width).toBeLessThanOrEqual(1440);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.screenshot({ path: screenshotPath('admin-audit-logs'), fullPage: true });

    // The session ends behind the console's back: the next page asks to sign in, then comes back.
    await page.context().clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System info' }).click();
    await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fadmin%2Fsystem$/);
    await page.getByLabel('Username or e-mail').fill('admin');
    await page.getByLabel('Password').fill('Harbor12345');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/system$/);
    await expect(page.getByRole('table', { name: 'Components' }).getByRole('row', { name: /database/i })).toContainText('Healthy');
    await page.screenshot({ path: screenshotPath('admin-system'), fullPage: true });
  });

  await test.step('the developer sees only the projects open to them, and no Administration', async () => {
    await userMenu(page, 'Sign out');
    await signIn(page, USER, FIRST_PASSWORD);
    const projects = page.getByRole('table', { name: 'Projects' });
    await expect(projects.getByRole('link', { name: PROJECT })).toBeVisible();
    await expect(projects.getByRole('row', { name: new RegExp(PROJECT) })).toContainText('Developer');
    // Private projects they do not belong to stay invisible; public ones (library) may show.
    await expect(projects.getByText('Private')).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

    await projects.getByRole('link', { name: PROJECT }).click();
    const sections = page.getByRole('navigation', { name: 'Project sections' });
    await sections.getByRole('link', { name: 'Members' }).click();
    await expect(page.getByRole('table', { name: 'Members' }).getByRole('row', { name: /admin/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add member' })).toHaveCount(0);
    await expect(sections.getByRole('link', { name: 'Logs' })).toHaveCount(0);

    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('admin-refused'), fullPage: true });
  });

  await test.step('the developer edits their profile and changes their password, then signs in with it', async () => {
    await userMenu(page, 'Profile');
    await page.getByLabel('Comment').fill('pushes images');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
    await page.screenshot({ path: screenshotPath('profile'), fullPage: true });

    await userMenu(page, 'Change password');
    await page.getByLabel('Current password').fill('not-my-password1A');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('form', { name: 'Change password' }).getByRole('alert')).toBeVisible();
    await page.getByLabel('Current password').fill(FIRST_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Password changed.')).toBeVisible();
    await page.screenshot({ path: screenshotPath('change-password'), fullPage: true });
    // Still signed in on this tab: the server handed it a new session.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: PROJECT })).toBeVisible();

    await userMenu(page, 'Sign out');
    await signIn(page, USER, NEW_PASSWORD);
  });

  await test.step('the theme toggles to dark and back, and is remembered', async () => {
    await userMenu(page, 'Dark theme');
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: PROJECT })).toBeVisible();
    await page.screenshot({ path: screenshotPath('projects-dark'), fullPage: true });
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: PROJECT }).click();
    await expect(page.getByRole('region', { name: 'Push an image' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('project-summary-dark'), fullPage: true });
    await userMenu(page, 'Light theme');
    await expect(page.locator('html')).not.toHaveClass(/dark/);
  });

  await test.step('on a phone-sized screen the navigation folds behind a menu button, and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Navigation menu' }).click();
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: 'Projects' }).click();
    await expect(nav).toBeHidden();
    await expect(page.getByRole('table', { name: 'Projects' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('projects-phone'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(nav).toBeVisible();
  });
});
