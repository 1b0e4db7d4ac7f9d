/**
 * Accounts in the console, against a real SMTP server speaking STARTTLS with a sign-in
 * and a real slapd: an admin sets mail, LDAP and self-registration up on the Configuration page
 * (testing each with unsaved values); a visitor signs up; a forgotten password is reset through
 * the mailed link; a directory import that collides with a local account lists why.
 */
import { expect, test as base } from '@playwright/test';
import { freePort } from '../server/testing/free-port';
import { startServer, type ServerProcess } from '../server/testing/server-process';
import { BASE, startSlapd, type Slapd } from '../server/testing/slapd';
import { startSmtp, type TestSmtp } from '../server/testing/smtp';
import { screenshotPath, shoot, signIn, userMenu } from './fixtures';

interface Accounts {
  server: ServerProcess;
  smtp: TestSmtp;
  slapd: Slapd;
}

// One server for this file, on a port known before it starts, so that its external URL (and so
// the mailed link) is the address the browser uses.
const test = base.extend<object, { accounts: Accounts }>({
  accounts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const port = await freePort();
      const [server, smtp, slapd] = await Promise.all([
        startServer({ config: { http: { port, bind_address: '127.0.0.1', shutdown_timeout: '5s' } } }),
        startSmtp({ credentials: { username: 'mailer', password: 'mail-secret-pw' } }),
        startSlapd(),
      ]);
      await use({ server, smtp, slapd });
      await Promise.all([server.stop().then(() => server.cleanup()), smtp.stop(), slapd.stop()]);
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ accounts }, use) => use(accounts.server.url),
});

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 800 } });

// Erin is also a directory user: her local account later blocks importing her.
const VISITOR = { username: 'erin', email: 'erin@example.net', password: 'Visitor1pass' };
const RESET_PASSWORD = 'Renewed2Pass';

test('an admin sets up mail, LDAP and sign-up on the Configuration page, testing unsaved values', async ({ page, accounts }) => {
  await test.step('sign-up is closed: the sign-in page has no "Sign up", the page says so', async () => {
    await page.goto('/sign-up');
    await expect(page.getByText('Sign-up is closed on this Berth')).toBeVisible();
    await page.getByRole('link', { name: 'Sign in' }).click();
    // No mail server yet: no reset link can be mailed, so the sign-in page does not offer one.
    await expect(page.getByRole('link', { name: 'Forgot password?' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Sign up' })).toHaveCount(0);
    await page.goto('/forgot-password');
    await expect(page.getByRole('status')).toContainText('Reset by e-mail is not available on this Berth');
  });

  await signIn(page, 'admin', 'Harbor12345');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration' }).click();
  await expect(page).toHaveURL(/\/admin\/configuration\/authentication$/);
  const status = (name: string) => page.getByRole('status', { name });

  await test.step('LDAP: a wrong search password fails, the right one connects; saved; a directory user imported', async () => {
    await expect(page.getByLabel('Authentication mode')).toBeEnabled();
    await page.getByRole('button', { name: 'Edit LDAP settings' }).click();
    await page.getByLabel('LDAP URL').fill(accounts.slapd.url);
    await page.getByLabel('Search DN').fill(`cn=search,${BASE}`);
    await page.getByLabel('Search password', { exact: true }).fill('not-the-password');
    await page.getByLabel('Base DN', { exact: true }).fill(`ou=people,${BASE}`);
    await page.getByLabel('Filter', { exact: true }).fill('(employeeType=staff)');
    await page.getByLabel('Timeout (seconds)').fill('2');
    await expect(page.getByLabel('Scope', { exact: true })).toHaveValue('2');
    await page.getByRole('button', { name: 'Test LDAP server' }).click();
    await expect(status('LDAP test')).toHaveText('The LDAP search DN or its password is wrong.');
    await page.getByLabel('Search password', { exact: true }).fill('search-pw');
    await page.getByRole('button', { name: 'Test LDAP server' }).click();
    await expect(status('LDAP test')).toContainText(`Connected to ${accounts.slapd.url}`);
    await expect(page.getByRole('button', { name: 'Import users' })).toBeDisabled();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Authentication settings saved.')).toBeVisible();
    await expect(page.getByLabel('Search password', { exact: true })).toHaveValue('');
    await shoot(page, 'config-authentication');

    await page.getByRole('button', { name: 'Import users' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import users from LDAP' });
    await dialog.getByRole('button', { name: 'Search' }).click();
    const found = dialog.getByRole('table', { name: 'Directory users' });
    await expect(found.getByRole('row')).toHaveCount(3);
    await expect(found.getByRole('row', { name: /alice/ })).toContainText('alice@example.org');
    await dialog.getByRole('checkbox', { name: 'Select alice' }).check();
    await shoot(page, 'config-import-users');
    await dialog.getByRole('button', { name: 'Import 1 selected' }).click();
    await expect(page.getByText('Imported 1 user.')).toBeVisible();
    await expect(dialog).toHaveCount(0);
    // A user other than admin now exists: the mode is locked, and the page says why.
    await expect(page.getByLabel('Authentication mode')).toBeDisabled();
    await expect(page.getByText('cannot change once users other than admin exist')).toBeVisible();
  });

  await test.step('Email: the SMTP server refuses a wrong password in its own words; the right one connects and is kept', async () => {
    await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('link', { name: 'Email' }).click();
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByText('From 1 to 65535.')).toBeVisible();
    await page.getByLabel('Port', { exact: true }).fill(String(accounts.smtp.port));
    await expect(page.getByLabel('TLS', { exact: true })).toHaveValue('auto');
    await page.getByLabel('Skip certificate verification').check();
    await page.getByLabel('Username', { exact: true }).fill('mailer');
    await page.getByLabel('Password', { exact: true }).fill('wrong-secret');
    await page.getByLabel('From', { exact: true }).fill('Berth <berth@example.test>');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(status('Connection test')).toContainText('535');
    await page.getByLabel('Password', { exact: true }).fill('mail-secret-pw');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(status('Connection test')).toContainText('accepted');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Email settings saved.')).toBeVisible();
    // The saved password is never shown; left empty, the test uses it.
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(status('Connection test')).toContainText('accepted');
    await shoot(page, 'config-email');
    await userMenu(page, 'Dark theme');
    await shoot(page, 'config-email-dark');
    await userMenu(page, 'Light theme');
  });

  await test.step('System: self-registration on (a bad timeout refused first); unsaved edits are not lost to a stray click', async () => {
    const sections = page.getByRole('navigation', { name: 'Configuration sections' });
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await sections.getByRole('link', { name: 'System' }).click();
    await page.getByLabel('Allow self-registration').check();
    await sections.getByRole('link', { name: 'Email' }).click();
    await expect(leave).toBeVisible();
    await page.screenshot({ path: screenshotPath('config-leave-unsaved') });
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/configuration\/system$/);
    await expect(page.getByLabel('Allow self-registration')).toBeChecked();
    await page.getByLabel('Session timeout (minutes)').fill('0');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('From 1 to 525,600 minutes.')).toBeVisible();
    await page.getByLabel('Session timeout (minutes)').fill('60');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('System settings saved.')).toBeVisible();
    await shoot(page, 'config-system');
    await page.getByLabel('Session timeout (minutes)').fill('90');
    await sections.getByRole('link', { name: 'Email' }).click();
    await leave.getByRole('button', { name: 'Discard changes and leave' }).click();
    await expect(page).toHaveURL(/\/configuration\/email$/);
    await sections.getByRole('link', { name: 'System' }).click();
    await expect(page.getByLabel('Session timeout (minutes)')).toHaveValue('60');
  });
});

test('a visitor signs up, is signed in, signs out and signs in again', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('sign-in-links'), fullPage: true });
  await page.getByRole('link', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  const username = page.getByLabel('Username', { exact: true });
  await username.fill('admin');
  await expect(page.getByText('This username is already taken.')).toBeVisible();
  await username.fill(VISITOR.username);
  await expect(page.getByText('This username is free.')).toBeVisible();
  await page.getByLabel('E-mail').fill('alice@example.org');
  await expect(page.getByText('An account already uses this e-mail address.')).toBeVisible();
  await page.getByLabel('E-mail').fill(VISITOR.email);
  await page.getByLabel('Real name').fill('Erin Visitor');
  await page.getByLabel('Password', { exact: true }).fill('visitor');
  const rules = page.getByRole('list', { name: 'Password rules' });
  await expect(rules.getByRole('listitem').filter({ hasText: 'a digit' })).toContainText('(not met)');
  await page.getByLabel('Password', { exact: true }).fill(VISITOR.password);
  await page.getByLabel('Confirm password').fill(VISITOR.password);
  await expect(rules.getByRole('listitem').filter({ hasText: 'a digit' })).toContainText('(met)');
  await page.screenshot({ path: screenshotPath('sign-up'), fullPage: true });
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByText(`Welcome to Berth, ${VISITOR.username}`)).toBeVisible();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole('button', { name: `User menu for ${VISITOR.username}` })).toBeVisible();
  await userMenu(page, 'Sign out');
  await signIn(page, VISITOR.username, VISITOR.password);
});

test('a forgotten password: the mail arrives, its link sets a new one, which signs in; the link works once', async ({ page, accounts }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  // The sign-in page's own requests may still be under way; typing before they settle was
  // lost once in a full run (the form then reported an empty field).
  await page.waitForLoadState('networkidle');
  await page.getByLabel('E-mail').fill('erin');
  await expect(page.getByLabel('E-mail')).toHaveValue('erin');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('Enter an e-mail address such as name@example.com.')).toBeVisible();
  await page.screenshot({ path: screenshotPath('forgot-password'), fullPage: true });
  await page.getByLabel('E-mail').fill(VISITOR.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses this address');
  await page.screenshot({ path: screenshotPath('forgot-password-sent'), fullPage: true });

  const mail = await accounts.smtp.nextMail();
  expect(JSON.stringify(mail.to)).toContain(VISITOR.email);
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text ?? '')?.[0];
  expect(link?.startsWith(`${accounts.server.url}/reset-password?token=`)).toBe(true);
  await page.goto(link!);
  await page.getByLabel('New password', { exact: true }).fill('weakpassword');
  await page.getByLabel('Confirm new password').fill('weakpassword');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('The password does not follow the rules below.')).toBeVisible();
  await page.screenshot({ path: screenshotPath('reset-password'), fullPage: true });
  await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
  await page.getByLabel('Confirm new password').fill(RESET_PASSWORD);
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, VISITOR.username, RESET_PASSWORD);

  // Used once: the same link says so as soon as it opens, before a password is typed, with a
  // way to ask again (in the dark theme).
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(link!);
  await expect(page.getByRole('alert')).toContainText('This password reset link is not valid');
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('reset-password-used-dark'), fullPage: true });

  // Asking again and again for one address: the server's limit, with the time to wait.
  await page.getByRole('link', { name: 'Ask for a new link' }).click();
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('E-mail').fill('nobody@example.net');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('button', { name: 'Use another address' }).click();
  }
  await page.getByLabel('E-mail').fill('nobody@example.net');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('alert')).toContainText(/^Too many password reset requests\. Try again in \d+ (minutes|seconds)\.$/);
  await page.screenshot({ path: screenshotPath('forgot-password-limited-dark'), fullPage: true });
});

test('importing a directory user whose name a local account holds lists why', async ({ page }) => {
  await signIn(page, 'admin', 'Harbor12345');
  await page.goto('/admin/configuration/authentication');
  await expect(page.getByLabel('Authentication mode')).toBeDisabled();
  await page.getByRole('button', { name: 'Import users' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from LDAP' });
  await dialog.getByLabel('Directory username').fill('e*');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await dialog.getByRole('checkbox', { name: 'Select erin' }).check();
  await dialog.getByRole('button', { name: 'Import 1 selected' }).click();
  await expect(dialog.getByRole('list', { name: 'Users not imported' })).toHaveText('erin: A local account already holds this name.');
  await shoot(page, 'config-import-failed');
});
