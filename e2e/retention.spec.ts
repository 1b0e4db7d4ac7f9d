/**
 * Tag retention in the console: a project admin adds a rule on the
 * project's Policy tab (keep the newest artifact), dry-runs it, and reads which artifacts would
 * go, their pulls, and the bytes that would be freed (only blobs no kept artifact shares); nothing
 * is deleted. An immutable tag rule added there marks its tag on the artifact's page. The tab
 * passes axe in light and dark with its results shown.
 */
import { ApiClient } from '../server/testing/api-client';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, type Image } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { formatBytes } from '../web/lib/format';
import { seriousViolations } from './axe';
import { expect, screenshotPath, shoot, signIn, test } from './fixtures';

const PROJECT = `keep-${Date.now().toString(36).slice(-5)}`;
const base = blobOf(OCI_LAYER, Buffer.alloc(4096, 'base'));
function image(seed: string, bytes: number): Image {
  const own = blobOf(OCI_LAYER, Buffer.alloc(bytes, seed));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Labels: { seed } }, rootfs: { type: 'layers', diff_ids: [base.digest, own.digest] } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(base), descriptor(own)] });
  return { config, layers: [base, own], manifest };
}
const images = { v1: image('v1', 30_000), v2: image('v2', 40_000), v3: image('v3', 50_000) };
// v3 is the newest and stays; v1 and v2 go, and with them only their own layer and config (base is shared with v3).
const freed = [images.v1, images.v2].reduce((n, i) => n + i.config.size + i.layers[1]!.size, 0);

test.use({ viewport: { width: 1280, height: 800 } });

test('a retention rule, its dry run and the bytes it would free', async ({ page, berth }) => {
  const admin = ApiClient.basic(berth, 'admin', 'Harbor12345');
  expect((await admin.post('/projects', { project_name: PROJECT })).status).toBe(201);
  const registry = new RegistryClient(berth.url, ADMIN);
  for (const tag of ['v1', 'v2', 'v3'] as const) await registry.pushImage(`${PROJECT}/app`, tag, [images[tag].config, ...images[tag].layers], images[tag].manifest);
  const projectId = (await admin.get<{ project_id: number }>(`/projects/${PROJECT}`)).body.project_id;

  await signIn(page, 'admin', 'Harbor12345');
  await page.goto(`/projects/${projectId}/summary`);
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Policy' }).click();
  await expect(page).toHaveTitle('Project policy - Berth');
  await expect(page.getByText('No retention rules: nothing is deleted.')).toBeVisible();

  await page.getByRole('button', { name: 'Add rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add retention rule' });
  await dialog.getByLabel('Count').fill('one');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(dialog.getByText('Count must be a whole number from 0.')).toBeVisible();
  await dialog.getByLabel('Count').fill('1');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByText('Retention rules saved.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Retention rules' })).toContainText(
    '1. In repositories matching **, retain the most recently pushed 1 artifacts with tags matching **, untagged included.',
  );

  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByRole('heading', { name: /^Dry run \d+: 2 artifacts would be deleted/ })).toContainText(`${formatBytes(freed)} would be freed`);
  const result = page.getByRole('region', { name: `${PROJECT}/app` });
  await expect(result).toContainText(`2 of 3 artifacts would be deleted, 1 retained; ${formatBytes(freed)} would be freed.`);
  const rows = result.getByRole('table', { name: `Artifacts of ${PROJECT}/app` }).getByRole('row');
  await expect(rows.filter({ hasText: 'v3 (0 pulls)' })).toContainText('Retain: rule 1');
  await expect(rows.filter({ hasText: 'v1 (0 pulls)' })).toContainText('Delete');
  await result.getByRole('button', { name: 'Show log' }).click();
  await expect(result.getByLabel(/^Log of task/)).toContainText(`2 of 3 artifacts would be deleted, 1 retained, ${freed} bytes would be freed`);
  await expect(page.getByRole('table', { name: 'Retention executions' })).toContainText('dry run');
  // A dry run deletes nothing.
  expect(await registry.manifestStatus(`${PROJECT}/app`, 'v1', 'HEAD')).toBe(200);

  // An immutable tag rule, added on the same tab, marks v3 on its artifact's tags.
  await page.getByRole('button', { name: 'Add immutable rule' }).click();
  const immutable = page.getByRole('dialog', { name: 'Add immutable tag rule' });
  await immutable.getByLabel('Tag pattern').fill('v3');
  await immutable.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('table', { name: 'Immutable tag rules' })).toContainText('In repositories matching **, tags matching v3 cannot be moved or deleted.');

  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
    const serious = (await seriousViolations(page, { include: 'main' })).map((v) => `${v.id}: ${v.targets.join(', ')}`);
    expect(serious, `axe in the ${theme} theme`).toEqual([]);
    await page.screenshot({ path: screenshotPath(`policy-dry-run-${theme}`), fullPage: true });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shoot(page, 'policy-dry-run-390');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/projects/${projectId}/repositories/app/-/artifacts/${encodeURIComponent(images.v3.manifest.digest)}?tab=tags`);
  const v3 = page.getByRole('row').filter({ hasText: 'v3' });
  await expect(v3).toContainText('Immutable');
  await expect(v3.getByRole('button', { name: 'Remove tag v3' })).toHaveCount(0);
});
