/**
 * Project quotas in the console: a system admin sets a project's storage
 * limit on Administration > Project Quotas, skopeo's push that would pass it is refused with
 * Harbor's message, and the project's summary shows the usage against the limit with the 85 %
 * warning.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, writeOciLayout } from '../server/testing/oci-images';
import { createProject, expect, shoot, signIn, test } from './fixtures';

const run = promisify(execFile);
const PROJECT = `capped-${Date.now().toString(36).slice(-5)}`;

/** An image of one 700 KiB layer of random bytes (gzipped, so skopeo sends it as it is). */
function bulkyImage(seed: string) {
  const layer = blobOf(OCI_LAYER, gzipSync(randomBytes(700 * 1024)));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { seed } } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { blobs: [config, layer, manifest], manifest };
}

test.use({ viewport: { width: 1280, height: 800 } });

test('a quota set on Project Quotas refuses the push that would pass it; the summary warns at 85 %', async ({ page, berth }) => {
  test.setTimeout(40_000);
  const host = berth.url.slice('http://'.length);
  const work = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-quota-'));
  const first = bulkyImage('first');
  const second = bulkyImage('second');
  await writeOciLayout(`${work}/layout`, [...first.blobs, ...second.blobs], { first: first.manifest, second: second.manifest });
  const push = (ref: string) =>
    run('/usr/bin/skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:${ref}`, `docker://${host}/${PROJECT}/app:${ref}`], {
      env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') },
      timeout: 30_000,
    });
  const quotas = page.getByRole('table', { name: 'Project quotas' });

  try {
    await test.step('the new project is listed without a limit', async () => {
      await signIn(page, 'admin', 'Harbor12345');
      await createProject(page, PROJECT);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Project Quotas' }).click();
      await expect(page.getByRole('heading', { name: 'Project quotas' })).toBeVisible();
      await expect(quotas.getByRole('row', { name: new RegExp(PROJECT) })).toContainText('Unlimited');
    });

    await test.step('the limit is set to 0.8 MiB; a typing mistake is named by its label first', async () => {
      await quotas.getByRole('button', { name: `Actions for ${PROJECT}` }).click();
      await page.getByRole('menuitem', { name: 'Edit quota' }).click();
      const dialog = page.getByRole('dialog', { name: `Edit quota of ${PROJECT}` });
      await dialog.getByLabel('Unlimited').uncheck();
      await dialog.getByLabel('Storage limit').fill('0');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByText('Enter a storage limit greater than 0, or tick Unlimited.')).toBeVisible();
      await dialog.getByLabel('Storage limit').fill('0.8');
      await dialog.getByLabel('Unit').selectOption('MiB');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByText(`Quota of ${PROJECT} saved.`)).toBeVisible();
      await expect(quotas.getByRole('row', { name: new RegExp(PROJECT) })).toContainText('0 B of 819 KiB');
    });

    await test.step('skopeo pushes the first image; the second would pass the limit and is refused with the message', async () => {
      await push('first');
      const refused = await push('second').then(
        () => '',
        (err: { stderr: string }) => err.stderr,
      );
      expect(refused).toMatch(new RegExp(`denied: Quota exceeded in project ${PROJECT} when processing the request of adding 700\\.\\d KiB of storage resource, which when updated to current usage of 70\\d\\.\\d KiB will exceed the configured upper limit of 819\\.2 KiB\\.`));
    });

    await test.step('the quota list and the project summary show the usage against the limit, with the warning', async () => {
      await page.reload();
      await expect(quotas.getByRole('progressbar', { name: `Storage of ${PROJECT}` })).toHaveAttribute('aria-valuenow', /^8[5-9]$/);
      await shoot(page, 'project-quotas');
      await quotas.getByRole('link', { name: PROJECT }).click();
      await expect(page.getByRole('progressbar', { name: 'Storage used of the limit' })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /The project uses 8[5-9] % of its storage limit\./ })).toBeVisible();
      await shoot(page, 'project-summary-quota');
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
