/**
 * Webhooks in the console: a project admin adds a webhook and presses Test
 * (a real receiver answers; the result shows), saves it, pushes an image, and the delivery
 * history shows it delivered with the receiver's status code. The tab and its dialog pass axe
 * in both themes and fit 390 px.
 */
import type { Page } from '@playwright/test';
import { buildImage } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { startReceiver, type WebhookReceiver } from '../server/testing/webhook-receiver';
import { seriousViolations } from './axe';
import { createProject, expect, screenshotPath, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const PROJECT = `hooks-${suffix}`;
const image = buildImage({ seed: `hooked-${suffix}` });

test.use({ viewport: { width: 1280, height: 800 } });

async function checkAccessible(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
    const scope = (await page.getByRole('dialog').count()) > 0 ? '[role="dialog"]' : 'main';
    const serious = (await seriousViolations(page, { include: scope })).map((v) => `${v.id}: ${v.targets.join(', ')}`);
    expect(serious, `axe on ${name} in the ${theme} theme`).toEqual([]);
    await page.screenshot({ path: screenshotPath(`${name}-${theme}`), fullPage: true });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test('add a webhook, press Test, and see a push delivered in its history', async ({ page, berth }) => {
  test.setTimeout(40_000);
  await signIn(page, ADMIN.user, ADMIN.password);
  await createProject(page, PROJECT);
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page).toHaveTitle('Project webhooks - Berth');
  await expect(page.getByText('No webhooks yet.')).toBeVisible();

  await page.getByRole('button', { name: 'New webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'New webhook' });
  await dialog.getByLabel('Name').fill('ci');
  // A mistake is said in words next to its field.
  await dialog.getByLabel('Endpoint URL').fill('ftp://nowhere');
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByText('Enter an address that starts with http:// or https://', { exact: false })).toBeVisible();
  await dialog.getByLabel('Endpoint URL').fill(`${receiver.url}/ci`);
  await dialog.getByLabel('Auth header').fill('Bearer from-the-console');
  await dialog.getByLabel('Artifact pulled').check();
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByRole('status', { name: 'Webhook test' })).toContainText(/The endpoint answered 200 in \d+ ms\./);
  expect(receiver.to('/ci')).toHaveLength(1);
  expect(receiver.to('/ci')[0]!.headers.authorization).toBe('Bearer from-the-console');
  await checkAccessible(page, 'webhook-dialog');

  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText('Webhook ci created.')).toBeVisible();
  const table = page.getByRole('table', { name: 'Webhooks' });
  await expect(table.getByRole('row', { name: /ci/ })).toContainText('Artifact pushed, Artifact pulled');

  await new RegistryClient(berth.url, ADMIN).pushImage(`${PROJECT}/app`, 'v1', [image.config, ...image.layers], image.manifest);
  await table.getByRole('button', { name: 'Actions for ci' }).click();
  await page.getByRole('menuitem', { name: 'Deliveries' }).click();
  const history = page.getByRole('table', { name: 'Deliveries of ci' });
  await expect(async () => {
    await page.reload();
    await page.getByRole('table', { name: 'Webhooks' }).getByRole('button', { name: 'Actions for ci' }).click();
    await page.getByRole('menuitem', { name: 'Deliveries' }).click();
    await expect(history.getByRole('row', { name: /Artifact pushed/ })).toContainText('Delivered', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(history.getByRole('row', { name: /Artifact pushed/ })).toContainText(/200 at/);
  await checkAccessible(page, 'project-webhooks');

  await page.setViewportSize({ width: 390, height: 800 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, main: document.querySelector('main')!.scrollWidth - document.querySelector('main')!.clientWidth }));
  expect(widths.page).toBeLessThanOrEqual(390);
  expect(widths.main).toBeLessThanOrEqual(0);
});
