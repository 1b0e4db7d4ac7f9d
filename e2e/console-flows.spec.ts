/**
 * The console flows, against a real server, skopeo and a real SMTP server: an artifact
 * is copied into another project and retagged from its row's actions, and skopeo pulls the copy;
 * the row shows that it is signed and has an SBOM; the Layers tab lists every build step; a
 * project made public on its Configuration tab is pulled anonymously; e-mail settings are tested
 * with typed values without saving; and a keyboard-only walk signs in, opens a dialog and comes
 * back to the control that opened it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { blobOf, buildArtifact, buildImage } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { startSmtp } from '../server/testing/smtp';
import { createProject, expect, signIn, test } from './fixtures';

const run = promisify(execFile);
const suffix = Date.now().toString(36).slice(-5);
const SOURCE = `flows-${suffix}`;
const TARGET = `copies-${suffix}`;
const short = (digest: string) => digest.slice(0, 'sha256:'.length + 8);

// Seven build steps, two of which made a layer (as `docker history hist:v1` shows 7 entries).
const HISTORY = [
  { created_by: 'ADD rootfs.tar /' },
  { created_by: '/bin/sh -c #(nop)  ENV LANG=C.UTF-8', empty_layer: true },
  { created_by: '/bin/sh -c #(nop)  WORKDIR /srv', empty_layer: true },
  { created_by: 'RUN /bin/sh -c make install' },
  { created_by: '/bin/sh -c #(nop)  EXPOSE 8080', empty_layer: true },
  { created_by: '/bin/sh -c #(nop)  USER app', empty_layer: true },
  { created_by: '/bin/sh -c #(nop)  CMD ["serve"]', empty_layer: true },
];
const image = buildImage({ seed: `hist-${suffix}`, layers: 2, layerBytes: 20_000, history: HISTORY });

async function skopeo(...args: string[]) {
  return run('/usr/bin/skopeo', args, { timeout: 60_000 });
}

test.use({ viewport: { width: 1280, height: 800 } });
test.describe.configure({ mode: 'serial' });

test('an artifact is copied and retagged from its row; skopeo pulls the copy; signed, SBOM and every build step show', async ({ page, berth }) => {
  test.setTimeout(120_000);
  const host = berth.url.slice('http://'.length);
  const registry = new RegistryClient(berth.url, ADMIN);
  await signIn(page, 'admin', 'Harbor12345');
  await createProject(page, TARGET);
  await createProject(page, SOURCE);
  await registry.pushImage(`${SOURCE}/hist`, 'v1', [image.config, ...image.layers], image.manifest);
  const signature = buildArtifact({ artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json', payload: blobOf('text/plain', 'sig'), subject: image.manifest });
  const sbom = buildArtifact({ artifactType: 'application/spdx+json', payload: blobOf('application/spdx+json', '{}'), subject: image.manifest });
  for (const referrer of [signature, sbom]) await registry.pushImage(`${SOURCE}/hist`, referrer.manifest.digest, referrer.blobs, referrer.manifest);

  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Repositories' }).click();
  await page.getByRole('link', { name: `${SOURCE}/hist` }).click();
  const row = page.getByRole('table', { name: 'Artifacts' }).getByRole('row', { name: new RegExp(short(image.manifest.digest)) });
  await expect(row.getByText('Signed', { exact: true })).toBeVisible();
  await expect(row.getByText('SBOM', { exact: true })).toBeVisible();

  await test.step('Copy: into another project and repository, with a new tag', async () => {
    await row.getByRole('button', { name: `Actions for ${short(image.manifest.digest)}` }).click();
    await page.getByRole('menuitem', { name: 'Copy to another repository' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy artifact' });
    await dialog.getByLabel('Target project').fill(TARGET);
    await dialog.getByLabel('Target repository').fill('copied/hist');
    await dialog.getByLabel('New tag').fill('copy-1');
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(page.getByText(`Copied ${short(image.manifest.digest)} to ${TARGET}/copied/hist:copy-1.`)).toBeVisible();
    const { stdout } = await skopeo('inspect', '--tls-verify=false', '--creds', 'admin:Harbor12345', `docker://${host}/${TARGET}/copied/hist:copy-1`);
    expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(image.manifest.digest);
    // It brought its tag along; a pull of the copy's layers works.
    await skopeo('copy', '--src-tls-verify=false', '--src-creds', 'admin:Harbor12345', `docker://${host}/${TARGET}/copied/hist:v1`, `dir:${test.info().outputPath('copy')}`);
  });

  await test.step('Retag: a new tag in the same repository', async () => {
    await row.getByRole('button', { name: `Actions for ${short(image.manifest.digest)}` }).click();
    await page.getByRole('menuitem', { name: 'Retag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add tag' });
    await dialog.getByLabel('Tag').fill('stable');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await expect(row.getByText('stable', { exact: true })).toBeVisible();
  });

  await test.step('the delete dialog says the signatures and SBOMs go with the image', async () => {
    await row.getByRole('button', { name: `Actions for ${short(image.manifest.digest)}` }).click();
    await page.getByRole('menuitem', { name: 'Delete artifact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete artifact' });
    await expect(dialog).toContainText('Its signatures, SBOMs and other referrers are deleted with it.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('the Layers tab lists all seven build steps, five of them without a layer', async () => {
    await row.getByRole('link', { name: short(image.manifest.digest), exact: true }).click();
    await page.getByRole('tablist', { name: 'Artifact sections' }).getByRole('tab', { name: 'Layers' }).click();
    const steps = page.getByRole('table', { name: 'Layers' }).getByRole('row');
    await expect(steps).toHaveCount(1 + HISTORY.length);
    await expect(steps.nth(2)).toContainText('ENV LANG=C.UTF-8');
    await expect(steps.nth(2)).toContainText('No layer');
    await expect(steps.nth(4)).toContainText('RUN /bin/sh -c make install');
    await expect(steps.nth(7)).toContainText('CMD ["serve"]');
    await expect(page.getByText('7 steps making 2 layers')).toBeVisible();
  });
});

test('a project made public on its Configuration tab is pulled without credentials', async ({ page, berth }) => {
  const host = berth.url.slice('http://'.length);
  const ref = `docker://${host}/${TARGET}/copied/hist:copy-1`;
  await expect(skopeo('inspect', '--tls-verify=false', '--no-creds', ref)).rejects.toThrow();
  await signIn(page, 'admin', 'Harbor12345');
  await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: TARGET }).click();
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Configuration' }).click();
  await page.getByRole('checkbox', { name: /Public/ }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`Project ${TARGET} is now public.`)).toBeVisible();
  const { stdout } = await skopeo('inspect', '--tls-verify=false', '--no-creds', ref);
  expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(image.manifest.digest);
});

test('e-mail settings are tested with the typed values, without saving them; with no mail server there is no "Forgot password?"', async ({ page }) => {
  const smtp = await startSmtp();
  try {
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Forgot password?' })).toHaveCount(0);
    await signIn(page, 'admin', 'Harbor12345');
    await page.goto('/admin/configuration/email');
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(smtp.port));
    // The test server's certificate is self-signed.
    await page.getByLabel('Skip certificate verification').check();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('status', { name: 'Connection test' })).toContainText('The SMTP server accepted the connection');
    const saved = (await (await page.request.get('/api/v2.0/configurations')).json()) as { email_host: { value: string } };
    expect(saved.email_host.value).toBe('');
  } finally {
    await smtp.stop();
  }
});

test('keyboard only: sign in, open a dialog, close it, and focus is back on the control that opened it', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel('Username or e-mail')).toBeFocused();
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Harbor12345');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();

  const opener = page.getByRole('button', { name: 'New project' });
  for (let i = 0; i < 40 && !(await opener.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(opener).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await expect(dialog.getByLabel('Project name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  // A dialog opened by a row's button, and one opened from a row's menu, come back to that button.
  const remove = page.getByRole('button', { name: "Delete project library" });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Delete project' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(remove).toBeFocused();

  await page.goto('/admin/users');
  const menu = page.getByRole('button', { name: 'Actions for admin' });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(menu).toBeFocused();
});
