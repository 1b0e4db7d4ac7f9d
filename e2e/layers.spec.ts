/**
 * Layer insight in the console: an image built on another says so and links
 * to it; the base says how many images are built on it; a layer's digest in the Layers tab opens
 * the page of the artifacts that use that layer.
 */
import { blobOf, buildImage, descriptor, OCI_CONFIG, OCI_MANIFEST, type Blob, type Image } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { expect, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const short = (digest: string) => digest.slice(0, 'sha256:'.length + 8);

function imageOf(seed: string, layers: Blob[]): Image {
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Labels: { seed } }, rootfs: { type: 'layers', diff_ids: [] } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map((l) => descriptor(l)) });
  return { config, layers, manifest };
}

const base = buildImage({ seed: `lbase-${suffix}`, layers: 2 });
const app = imageOf(`lapp-${suffix}`, [...base.layers, ...buildImage({ seed: `lapp-${suffix}` }).layers]);

test('a layer digest in the Layers tab leads to the artifacts using it; an image shows what it is built on', async ({ page, berth }) => {
  // Many steps on a shared, loaded machine: the default minute is too short for all of them.
  test.setTimeout(240_000);
  const registry = new RegistryClient(berth.url, ADMIN);
  await registry.pushImage('library/debian', '12', [base.config, ...base.layers], base.manifest);
  await registry.pushImage('library/app', 'v1', [app.config, ...app.layers], app.manifest);
  await signIn(page, 'admin', 'Harbor12345');

  await page.goto(`/projects/1/repositories/app/-/artifacts/${encodeURIComponent(app.manifest.digest)}`);
  await expect(page.getByText('Built on')).toBeVisible();
  await page.getByRole('link', { name: 'library/debian:12' }).click();
  await expect(page.getByRole('heading', { name: short(base.manifest.digest) })).toBeVisible();
  await page.getByRole('link', { name: 'Used by 1 image' }).click();
  await expect(page.getByRole('tab', { name: 'Used by', selected: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Images built on this one' }).getByRole('link', { name: 'library/app' })).toBeVisible();

  await page.getByRole('tablist', { name: 'Artifact sections' }).getByRole('tab', { name: 'Layers' }).click();
  await page.getByRole('table', { name: 'Layers' }).getByRole('link', { name: short(base.layers[0]!.digest) }).click();
  await expect(page.getByRole('heading', { name: `Layer ${short(base.layers[0]!.digest)}` })).toBeVisible();
  const users = page.getByRole('table', { name: 'Artifacts using this layer' });
  await expect(users.getByRole('row')).toHaveCount(3);
  await expect(users.getByRole('link', { name: 'library/app' })).toBeVisible();
  await expect(users.getByRole('link', { name: 'library/debian' })).toBeVisible();
  await expect(page.getByText('2 artifacts use this layer')).toBeVisible();
});
