/**
 * Garbage collection from the console: an image is pushed and deleted; on
 * Administration > Clean Up a dry run lists its blobs in the log without deleting them, and GC
 * now deletes them, the history saying how many blobs and bytes went.
 */
import { ApiClient } from '../server/testing/api-client';
import { buildImage } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { expect, shoot, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const image = buildImage({ seed: `gc-console-${suffix}`, layers: 2, layerBytes: 5_000 });

test('a dry run and a real garbage collection run from the console, with their logs', async ({ page, berth }) => {
  test.setTimeout(60_000);
  const repository = `library/gc-${suffix}`;
  await new RegistryClient(berth.url, ADMIN).pushImage(repository, 'v1', [image.config, ...image.layers], image.manifest);
  const api = ApiClient.basic(berth, ADMIN.user, ADMIN.password);
  expect((await api.delete(`/projects/library/repositories/gc-${suffix}/artifacts/v1`)).status).toBe(200);

  await signIn(page, 'admin', 'Harbor12345');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clean Up' }).click();
  await expect(page).toHaveTitle('Clean Up - Berth');
  const gc = page.getByRole('region', { name: 'Garbage collection' });
  await gc.getByLabel('Time window (hours)').fill('0');

  await gc.getByRole('button', { name: 'Dry run' }).click();
  await expect(gc.locator('pre')).toContainText(`would delete blob ${image.layers[0]!.digest}`);
  await expect(gc.locator('pre')).toContainText('dry run done');
  // Other specs' garbage may be there too: at least this image's three blobs.
  await expect(gc.getByRole('table', { name: 'Garbage collection history' }).getByRole('row').nth(1)).toContainText(/[1-9]\d* blobs, .* would be freed/);

  await gc.getByRole('button', { name: 'GC now' }).click();
  await expect(gc.locator('pre')).toContainText(`deleted blob ${image.layers[1]!.digest}`);
  await expect(gc.locator('pre')).toContainText(/done in .* deleted 0 untagged artifacts and [1-9]\d* blobs/);
  const newest = gc.getByRole('table', { name: 'Garbage collection history' }).getByRole('row').nth(1);
  await expect(newest).toContainText('Success');
  await expect(newest).toContainText(/[1-9]\d* blobs, .* freed/);
  await shoot(page, 'clean-up-after-gc');
});
