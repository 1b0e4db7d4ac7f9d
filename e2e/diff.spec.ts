/**
 * Comparing two tags in the console: two images of one repository, the
 * second changing a file's content and an environment variable; from the repository page,
 * Compare, pick the two tags, and the diff shows the changed file and the ENV change.
 */
import { gzipSync } from 'node:zlib';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, tar, type Image } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { expect, shoot, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const REPO = `compare-${suffix}`;

function image(files: Record<string, string>, env: string[]): Image {
  const layer = blobOf(OCI_LAYER, gzipSync(tar(files)));
  const config = blobOf(OCI_CONFIG, {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: env, Cmd: ['/app/run'] },
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created_by: `COPY files ${suffix}` }],
  });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layers: [layer], manifest };
}

const v1 = image({ 'app/settings.conf': 'level=1\n', 'app/readme.txt': 'hello\n' }, ['PATH=/usr/bin', 'LOG_LEVEL=info']);
const v2 = image({ 'app/settings.conf': 'level=2\n', 'app/readme.txt': 'hello\n', 'app/new.txt': 'new\n' }, ['PATH=/usr/bin', 'LOG_LEVEL=debug']);

test.use({ viewport: { width: 1280, height: 800 } });

test('pick two tags and see the changed file and the ENV change', async ({ page, berth }) => {
  test.setTimeout(120_000);
  const registry = new RegistryClient(berth.url, ADMIN);
  await registry.pushImage(`library/${REPO}`, 'v1', [v1.config, ...v1.layers], v1.manifest);
  await registry.pushImage(`library/${REPO}`, 'v2', [v2.config, ...v2.layers], v2.manifest);

  await signIn(page, 'admin', 'Harbor12345');
  await page.goto(`/projects/1/repositories/${REPO}`);
  await page.getByRole('link', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { name: `Compare library/${REPO}` })).toBeVisible();
  await page.getByLabel('First image').selectOption('v1');
  await page.getByLabel('Second image').selectOption('v2');
  await expect(page).toHaveURL(/from=v1&to=v2/);

  const settings = page.getByRole('table', { name: 'Setting changes' });
  await expect(settings.getByRole('row', { name: /Env LOG_LEVEL.*Changed.*info.*debug/ })).toBeVisible();
  const files = page.getByRole('table', { name: 'Files' });
  await expect(files.getByRole('row', { name: /Changed.*\/app\/settings\.conf.*content/ })).toBeVisible();
  await expect(files.getByRole('row', { name: /Added.*\/app\/new\.txt/ })).toBeVisible();
  await expect(files.getByText('/app/readme.txt')).toHaveCount(0);
  await expect(page.getByText('1 changed, 1 added, 0 removed.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter files by path' }).fill('new');
  await expect(files.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Layers' }).getByRole('row', { name: /Added/ })).toBeVisible();
  await shoot(page, 'diff-two-tags');
});
