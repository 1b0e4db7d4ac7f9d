/**
 * Replication in the console: an administrator adds a second Berth as a
 * registry endpoint (a wrong password is refused with its reason, the right one passes Test
 * connection), writes a push rule whose preview shows the repository it selects, runs it,
 * watches the execution succeed, reads a task's log, and the image is at the destination with
 * the source's digest. Every new page passes axe (no critical or serious violation) in light and
 * dark, and fits 390 px.
 */
import type { Page } from '@playwright/test';
import { ApiClient } from '../server/testing/api-client';
import { buildImage, OCI_MANIFEST } from '../server/testing/oci-images';
import { ADMIN, pullScope, RegistryClient } from '../server/testing/registry-client';
import { startServer, type ServerProcess } from '../server/testing/server-process';
import { seriousViolations } from './axe';
import { createProject, expect, screenshotPath, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const PROJECT = `repl-${suffix}`;
const REPOSITORY = `${PROJECT}/app`;
const ENDPOINT = `dr-site-${suffix}`;
const RULE = `to-dr-${suffix}`;
const image = buildImage({ seed: `replicated-${suffix}`, layers: 2, layerBytes: 20_000 });

test.use({ viewport: { width: 1280, height: 800 } });

/**
 * Axe finds nothing critical or serious in the page's content (or its open dialog), in light and
 * then dark; screenshots of both. The header and navigation around every page are checked by the
 * spec that walks all routes. The theme is the class the user menu's toggle sets on <html>, set
 * directly so that an open dialog (which makes the rest of the page inert) is checked in both.
 */
async function checkAccessible(page: Page, name: string, ready: () => Promise<void>) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
    await ready();
    const scope = (await page.getByRole('dialog').count()) > 0 ? '[role="dialog"]' : 'main';
    const serious = (await seriousViolations(page, { include: scope })).map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
    expect(serious, `axe on ${name} in the ${theme} theme`).toEqual([]);
    await page.screenshot({ path: screenshotPath(`${name}-${theme}`), fullPage: true });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}

/** At 390 px nothing scrolls sideways: neither the page nor its scrolling main area. */
async function checkNarrow(page: Page, name: string, ready: () => Promise<void>) {
  await page.setViewportSize({ width: 390, height: 800 });
  await ready();
  const widths = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    return { page: document.documentElement.scrollWidth, main: main.scrollWidth - main.clientWidth };
  });
  expect(widths.page, `${name} at 390 px`).toBeLessThanOrEqual(390);
  expect(widths.main, `${name}'s content at 390 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath(`${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function checkPage(page: Page, name: string, ready: () => Promise<void>) {
  await checkAccessible(page, name, ready);
  await checkNarrow(page, name, ready);
}

test('a push rule to a second Berth is created, run and watched to success in the console', async ({ page, berth }) => {
  test.setTimeout(420_000);
  let second: ServerProcess | undefined;
  const nav = page.getByRole('navigation', { name: 'Main' });
  try {
    await test.step('a second Berth runs beside the first, with the destination project; the source has an image', async () => {
      second = await startServer();
      const remote = ApiClient.basic(second, ADMIN.user, ADMIN.password);
      expect((await remote.post('/projects', { project_name: PROJECT, metadata: { public: 'false' } })).status).toBe(201);
      await new RegistryClient(second.url, ADMIN).pushImage(`${PROJECT}/upstream`, 'v1', [image.config, ...image.layers], image.manifest);
      await signIn(page, 'admin', 'Harbor12345');
      await createProject(page, PROJECT);
      await new RegistryClient(berth.url, ADMIN).pushImage(REPOSITORY, 'v1', [image.config, ...image.layers], image.manifest);
    });

    await test.step('Registries starts empty; the page passes axe in both themes and fits 390 px', async () => {
      await nav.getByRole('link', { name: 'Registries' }).click();
      await expect(page).toHaveTitle('Registries - Berth');
      await checkPage(page, 'registries-empty', () => expect(page.getByText('No registry endpoints yet.')).toBeVisible());
    });

    const dialog = page.getByRole('dialog', { name: 'New registry endpoint' });
    const outcome = dialog.getByRole('status', { name: 'Connection test' });
    await test.step('the New endpoint dialog refuses a wrong password with its reason, and passes the right one', async () => {
      await page.getByRole('button', { name: 'New endpoint' }).first().click();
      await dialog.getByLabel('Provider').selectOption('harbor');
      await dialog.getByLabel('Name').fill(ENDPOINT);
      await dialog.getByLabel('Endpoint URL').fill(second!.url);
      await dialog.getByLabel('Access ID').fill('admin');
      await dialog.getByLabel('Access secret').fill('not-the-password');
      await dialog.getByRole('button', { name: 'Test connection' }).click();
      await expect(outcome).toHaveText(/credential|password|unauthori[sz]ed|denied/i, { timeout: 30_000 });
      await checkAccessible(page, 'registry-dialog', () => expect(dialog).toBeVisible());

      await dialog.getByLabel('Access secret').fill('Harbor12345');
      await dialog.getByRole('button', { name: 'Test connection' }).click();
      await expect(outcome).toHaveText('The registry answered and accepted the credentials.', { timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect(page.getByText(`Registry ${ENDPOINT} created.`)).toBeVisible();
      // Focus goes back to the button that opened the dialog.
      await expect(page.getByRole('button', { name: 'New endpoint' })).toBeFocused();
      const row = page.getByRole('table', { name: 'Registries' }).getByRole('row', { name: new RegExp(ENDPOINT) });
      await expect(row).toContainText(second!.url);
      await checkPage(page, 'registries', () => expect(row).toBeVisible());
    });

    await test.step('Replications starts empty; the new rule page previews the repositories its name filter selects', async () => {
      await nav.getByRole('link', { name: 'Replications' }).click();
      await expect(page).toHaveTitle('Replications - Berth');
      await checkPage(page, 'replications-empty', () => expect(page.getByText('No replication rules yet.')).toBeVisible());
      await page.getByRole('button', { name: 'New rule' }).first().click();
      await expect(page).toHaveTitle('New replication rule - Berth');
      const form = page.getByRole('form', { name: 'Replication rule' });
      await form.getByLabel('Name', { exact: true }).fill(RULE);
      // The preview (beside the form, or under the filters on a narrow screen: only one is shown).
      const preview = page.getByRole('region', { name: 'Repositories this rule selects' });
      const matches = preview.getByRole('list', { name: 'Matching repositories' });
      // Pull-based: the source registry's repositories, listed by the server.
      await form.getByLabel('Replication mode').selectOption('pull');
      await form.getByLabel('Source registry').selectOption({ label: `${ENDPOINT} (${second!.url})` });
      await form.getByLabel('Repository name').fill(`${PROJECT}/**`);
      await expect(matches.getByRole('listitem')).toHaveText([`${PROJECT}/upstream`]);
      await form.getByLabel('Replication mode').selectOption('push');
      await form.getByLabel('Destination registry').selectOption({ label: `${ENDPOINT} (${second!.url})` });
      await form.getByLabel('Repository name').fill(`${PROJECT}/**`);
      await expect(matches.getByRole('listitem')).toHaveText([REPOSITORY]);
      await form.getByLabel('Repository name').fill(`${PROJECT}/nothing-*`);
      await expect(preview).toContainText(`No repository of this registry matches ${PROJECT}/nothing-*.`);
      await form.getByLabel('Repository name').fill(`${PROJECT}/**`);
      await expect(matches.getByRole('listitem')).toHaveText([REPOSITORY]);
      await form.getByLabel('Flattening').selectOption('0');
      await checkPage(page, 'replication-rule', () => expect(matches).toBeVisible());
      await form.getByRole('button', { name: 'Create rule' }).click();
      await expect(page.getByText(`Rule ${RULE} created.`)).toBeVisible();
    });

    const rules = page.getByRole('table', { name: 'Replication rules' });
    await test.step('the rule is listed enabled, push-based, manual, never run; Replicate opens its execution', async () => {
      const row = rules.getByRole('row', { name: new RegExp(RULE) });
      await expect(row).toContainText('Enabled');
      await expect(row).toContainText('Push-based');
      await expect(row).toContainText(`This registry → ${ENDPOINT}`);
      await expect(row).toContainText('Manual');
      await expect(row).toContainText('Never');
      await checkPage(page, 'replications', () => expect(row).toBeVisible());
      await row.getByRole('button', { name: `Actions for ${RULE}` }).click();
      await page.getByRole('menuitem', { name: 'Replicate' }).click();
      await expect(page.getByText(`Replication of ${RULE} started.`)).toBeVisible();
    });

    await test.step('the execution reaches Succeeded with its one task counted; the task log opens', async () => {
      // Replicate opens the new execution (the server answers its Location). Wait for the
      // navigation itself: reading page.url() at once raced it.
      await page.waitForURL(/\/admin\/replications\/executions\/\d+$/);
      await expect(page).toHaveTitle(/^Execution \d+ - Berth$/);
      await expect(page.locator('dt:text-is("Status") + dd')).toHaveText('Succeeded', { timeout: 120_000 });
      await expect(page.getByRole('progressbar', { name: /^Progress of execution/ })).toHaveAttribute('aria-valuetext', '1 of 1 succeeded');
      const task = page.getByRole('table', { name: 'Tasks' }).getByRole('row').filter({ hasText: REPOSITORY });
      await expect(task).toContainText('Succeeded');
      await task.getByRole('button', { name: /^Log of task \d+$/ }).click();
      const log = page.getByLabel(/^Log of task \d+$/).and(page.locator('pre'));
      await expect(log).not.toBeEmpty();
      await expect(log).not.toHaveText('The log is empty so far.');
      await checkPage(page, 'replication-execution', () => expect(log).toBeVisible());
    });

    await test.step('the rule\'s executions list the run, succeeded; the rules list shows it as the last run', async () => {
      await page.getByRole('link', { name: 'Rule executions' }).click();
      const executions = page.getByRole('table', { name: 'Executions' });
      await expect(executions.getByRole('row').nth(1)).toContainText('Succeeded');
      await expect(executions.getByRole('row').nth(1)).toContainText('Manual');
      await checkPage(page, 'replication-executions', () => expect(executions.getByRole('row').nth(1)).toBeVisible());
      await nav.getByRole('link', { name: 'Replications' }).click();
      await expect(rules.getByRole('row', { name: new RegExp(RULE) })).toContainText('Succeeded');
    });

    await test.step('the second Berth serves the image under the same name with the source digest', async () => {
      const destination = new RegistryClient(second!.url, ADMIN);
      const res = await destination.fetch(`/v2/${REPOSITORY}/manifests/v1`, [pullScope(REPOSITORY)], { headers: { accept: OCI_MANIFEST } });
      expect(res.status).toBe(200);
      expect(res.headers.get('docker-content-digest')).toBe(image.manifest.digest);
      await res.arrayBuffer();
    });
  } finally {
    await second?.stop();
    await second?.cleanup();
  }
});
