/**
 * Robot accounts in the console: a project's Robot Accounts tab creates a
 * robot with the permission picker and an expiry, shows its secret once, copies it (the
 * clipboard is read back) and downloads it; skopeo pushes with the copied secret; then the
 * secret is refreshed, the robot disabled (skopeo refused) and deleted. Administration > Robot
 * Accounts creates a system robot for every project.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { buildImage, imageBlobs, writeOciLayout } from '../server/testing/oci-images';
import { seriousViolations, WCAG_AA } from './axe';
import { createProject, expect, shoot, signIn, test } from './fixtures';

const run = promisify(execFile);

/** Critical and serious axe findings on what is on screen (the open dialog included). */
async function axeProblems(page: Page) {
  return (await seriousViolations(page, { tags: WCAG_AA })).map((v) => `${v.id}: ${v.targets[0]}`);
}
const image = buildImage({ seed: 'e2e-robots' });

test('a robot is created with its permissions, its secret copied once, and skopeo pushes with it; refresh, disable and delete work', async ({ page, berth }) => {
  const host = berth.url.slice('http://'.length);
  const work = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-robots-'));
  const push = (name: string, secret: string, tag: string) =>
    run('/usr/bin/skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `${name}:${secret}`, `oci:${work}/layout:app`, `docker://${host}/ci/app:${tag}`], {
      env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') },
      timeout: 60_000,
    });
  try {
    await writeOciLayout(path.join(work, 'layout'), imageBlobs(image), { app: image.manifest });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, 'admin', 'Harbor12345');
    await createProject(page, 'ci');

    await test.step('create a project robot with the picker and an expiry; the secret is shown once and copied', async () => {
      await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Robot Accounts' }).click();
      await page.getByRole('button', { name: 'New robot account' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New robot account in ci' });
      await dialog.getByLabel('Name', { exact: true }).fill('builder');
      await dialog.getByLabel('Expiration (days)').fill('7');
      await dialog.getByLabel('Artifact: delete').check();
      await shoot(page, 'robot-create');
      expect(await axeProblems(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Create' }).click();

      const secretDialog = page.getByRole('dialog', { name: 'Robot account created' });
      await expect(secretDialog.getByTestId('robot-name')).toHaveText('robot$ci+builder');
      await shoot(page, 'robot-secret');
      expect(await axeProblems(page)).toEqual([]);
      await secretDialog.getByRole('button', { name: 'Copy secret' }).click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^[A-Za-z0-9]{32}$/);
      await expect(secretDialog.getByTestId('robot-secret')).toHaveText(copied);
      const download = page.waitForEvent('download');
      await secretDialog.getByRole('button', { name: 'Download' }).click();
      const file = await (await download).path();
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ name: 'robot$ci+builder', secret: copied });
      await secretDialog.getByRole('button', { name: 'Done' }).click();

      await push('robot$ci+builder', copied, 'v1');
      const row = page.getByRole('table', { name: 'Robot accounts' }).getByRole('row', { name: /robot\$ci\+builder/ });
      await expect(row).toContainText('Enabled');
      await expect(row).toContainText('artifact delete');
    });

    await test.step('refresh the secret: the new one works; disable: skopeo is refused; delete', async () => {
      const menu = page.getByRole('button', { name: 'Actions for robot$ci+builder' });
      await menu.click();
      await page.getByRole('menuitem', { name: 'Refresh secret' }).click();
      const fresh = page.getByRole('dialog', { name: 'New secret' });
      const secret = (await fresh.getByTestId('robot-secret').textContent())!;
      await fresh.getByRole('button', { name: 'Done' }).click();
      await push('robot$ci+builder', secret, 'v2');

      await menu.click();
      await page.getByRole('menuitem', { name: 'Disable' }).click();
      await expect(page.getByText('robot$ci+builder disabled.')).toBeVisible();
      await expect(push('robot$ci+builder', secret, 'v3')).rejects.toThrow();

      await menu.click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Delete robot$ci+builder' }).click();
      await expect(page.getByText('No robot accounts yet.')).toBeVisible();
    });

    await test.step('Administration > Robot Accounts creates a system robot for every project', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Robot Accounts' }).click();
      await page.getByRole('button', { name: 'New robot account' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New system robot account' });
      await dialog.getByLabel('Name', { exact: true }).fill('fleet');
      await dialog.getByLabel('Never expires').check();
      await dialog.getByRole('button', { name: 'Create' }).click();
      const secretDialog = page.getByRole('dialog', { name: 'Robot account created' });
      const secret = (await secretDialog.getByTestId('robot-secret').textContent())!;
      await secretDialog.getByRole('button', { name: 'Done' }).click();
      await push('robot$fleet', secret, 'fleet');
      await expect(page.getByRole('table', { name: 'Robot accounts' }).getByRole('row', { name: /robot\$fleet/ })).toContainText('all projects');
      await shoot(page, 'robots');
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
