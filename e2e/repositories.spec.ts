/**
 * Repositories and artifacts in the console: images pushed with skopeo and a referrer
 * pushed over HTTP show up in a private project's Repositories tab, on the repository page (size,
 * tags, platforms, referrers) and on the artifact pages (layers with their build steps, an
 * index's children, referrers); tags are added and removed, an artifact is deleted (and a child
 * of an index is refused), and the project's log records the pushes and the deletion.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatBytes } from '../web/lib/format';
import { freesSentence } from '../web/lib/storage-text';
import { blobOf, buildArtifact, buildImage, buildIndex, imageBlobs, writeOciLayout } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { createProject, expect, shoot, signIn, test, userMenu } from './fixtures';

const run = promisify(execFile);
const suffix = Date.now().toString(36).slice(-5);
const PROJECT = `images-${suffix}`;
const REPO = 'team/app';
const FULL = `${PROJECT}/${REPO}`;
const STEPS = [
  'COPY ./dist /srv/app # buildkit',
  'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates curl tzdata && rm -rf /var/lib/apt/lists/* && useradd --system --home /srv/app app',
];
const image = buildImage({ seed: `app-${suffix}`, layers: 2, layerBytes: 50_000, createdBy: STEPS });
const amd64 = buildImage({ seed: `multi-amd64-${suffix}`, architecture: 'amd64' });
const arm64 = buildImage({ seed: `multi-arm64-${suffix}`, architecture: 'arm64' });
const index = buildIndex([amd64, arm64]);
const short = (digest: string) => digest.slice(0, 'sha256:'.length + 8);

test.use({ viewport: { width: 1280, height: 800 } });

test('images pushed into a private project are browsed, tagged, untagged and deleted in the console', async ({ page, berth }) => {
  test.setTimeout(120_000);
  const host = berth.url.slice('http://'.length);
  const work = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-images-'));
  const skopeo = (...args: string[]) =>
    run('/usr/bin/skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') }, timeout: 60_000 });
  const push = (ref: string, all = false) =>
    skopeo('copy', ...(all ? ['--all'] : []), '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:${ref}`, `docker://${host}/${FULL}:${ref}`);
  const sections = page.getByRole('tablist', { name: 'Artifact sections' });
  const artifacts = page.getByRole('table', { name: 'Artifacts' });

  try {
    await test.step('admin creates a private project; skopeo pushes an image of two layers and a two-platform index', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await signIn(page, 'admin', 'Harbor12345');
      await createProject(page, PROJECT);
      await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Repositories' }).click();
      await expect(page.getByText(`${PROJECT} holds no repositories yet.`)).toBeVisible();
      await expect(page.getByText(`docker push ${host}/${PROJECT}/REPOSITORY[:TAG]`)).toBeVisible();

      await writeOciLayout(`${work}/layout`, [...imageBlobs(image), ...imageBlobs(amd64), ...imageBlobs(arm64), index], { v1: image.manifest, multi: index });
      await push('v1');
      await push('multi', true);
    });

    await test.step('the Repositories tab lists the repository with its two artifacts', async () => {
      await page.reload();
      const row = page.getByRole('table', { name: `Repositories of ${PROJECT}` }).getByRole('row', { name: new RegExp(FULL) });
      await expect(row.getByRole('cell').nth(1)).toHaveText('2');
      await shoot(page, 'project-repositories');
      await row.getByRole('link', { name: FULL }).click();
      await expect(page.getByRole('heading', { name: FULL })).toBeVisible();
    });

    const imageRow = artifacts.getByRole('row', { name: new RegExp(short(image.manifest.digest)) });
    const indexRow = artifacts.getByRole('row', { name: new RegExp(short(index.digest)) });

    await test.step('the repository page shows each artifact\'s size (as the API has it), tags and platforms; its description renders Markdown', async () => {
      const api = await page.request.get(`/api/v2.0/projects/${PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(REPO))}/artifacts/v1`);
      const { size } = (await api.json()) as { size: number };
      expect(size).toBe(image.manifest.size + image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0));
      await expect(imageRow.getByRole('cell').nth(4)).toHaveText(formatBytes(size));
      await expect(imageRow.getByText('v1', { exact: true })).toBeVisible();
      await expect(indexRow.getByText('multi', { exact: true })).toBeVisible();
      await expect(indexRow.getByRole('list', { name: 'Platforms' })).toHaveText(/linux\/amd64\s*linux\/arm64/);

      await imageRow.getByRole('button', { name: `Actions for ${short(image.manifest.digest)}` }).click();
      await page.getByRole('menuitem', { name: 'Copy pull command for v1' }).click();
      await expect(page.getByText('Pull command copied.')).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker pull ${host}/${FULL}:v1`);

      await page.getByRole('button', { name: 'Edit description' }).click();
      await page.getByRole('textbox', { name: 'Description' }).fill('## Our app\n\nRun it with `app serve`.\n\n<script>window.pwned = 1</script>');
      await page.getByRole('button', { name: 'Save description' }).click();
      await expect(page.getByText('Description saved.')).toBeVisible();
      const description = page.getByRole('region', { name: 'Description' });
      await expect(description.getByRole('heading', { name: 'Our app' })).toBeVisible();
      await expect(description.getByText('app serve')).toHaveJSProperty('tagName', 'CODE');
      await expect(description).not.toContainText('pwned');
      await shoot(page, 'repository');
    });

    await test.step('the image\'s page lists its layers, each with its build step', async () => {
      await imageRow.getByRole('link', { name: short(image.manifest.digest), exact: true }).click();
      await expect(page.getByRole('heading', { name: short(image.manifest.digest) })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Overview' })).toContainText(image.manifest.digest);
      await sections.getByRole('tab', { name: 'Layers' }).click();
      const layers = page.getByRole('table', { name: 'Layers' });
      for (const [i, step] of STEPS.entries()) {
        const row = layers.getByRole('row').nth(i + 1);
        await expect(row).toContainText(step);
        await expect(row).toContainText(formatBytes(image.layers[i]!.size));
      }
      await shoot(page, 'artifact-layers');
    });

    await test.step('a referrer pushed with the image as its subject is listed on the image\'s page', async () => {
      const referrer = buildArtifact({ artifactType: 'application/vnd.berth.review', payload: blobOf('text/plain', 'approved'), subject: image.manifest });
      await new RegistryClient(berth.url, ADMIN).pushImage(FULL, referrer.manifest.digest, referrer.blobs, referrer.manifest);
      await page.reload();
      await sections.getByRole('tab', { name: /Referrers/ }).click();
      const row = page.getByRole('table', { name: 'Referrers' }).getByRole('row', { name: new RegExp(short(referrer.manifest.digest)) });
      await expect(row).toContainText('application/vnd.berth.review');
      await expect(row.getByRole('link', { name: short(referrer.manifest.digest) })).toBeVisible();

      // A link by tag that names a tab moves to the digest's address and keeps the tab.
      const byDigest = new URL(page.url());
      await page.goto(`${byDigest.pathname.replace(encodeURIComponent(image.manifest.digest), 'v1')}?tab=referrers`);
      await expect(page).toHaveURL(new RegExp(`${encodeURIComponent(image.manifest.digest)}\\?tab=referrers$`));
      await expect(sections.getByRole('tab', { name: /Referrers/ })).toHaveAttribute('aria-selected', 'true');
    });

    await test.step('a tag is added on the Tags tab, the OCI grammar checked first', async () => {
      await sections.getByRole('tab', { name: /Tags/ }).click();
      await page.getByRole('button', { name: 'Add tag' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add tag' });
      await dialog.getByLabel('Tag').fill('.hidden');
      await expect(dialog.getByText('A tag starts with a letter, a digit or _.')).toBeVisible();
      await dialog.getByLabel('Tag').fill('release-1.0');
      await dialog.getByRole('button', { name: 'Add tag' }).click();
      await expect(page.getByText(`Tag release-1.0 added to ${short(image.manifest.digest)}.`)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Tags' }).getByRole('row', { name: /release-1\.0/ })).toContainText(`${FULL}:release-1.0`);
      // A long tag wraps in its column and cuts the pull command short: the page never scrolls sideways.
      const longTag = `release-candidate-build-2026-11-29-${'0123456789abcdef'.repeat(4)}`;
      await page.getByRole('button', { name: 'Add tag' }).click();
      await dialog.getByLabel('Tag').fill(longTag);
      await dialog.getByRole('button', { name: 'Add tag' }).click();
      await expect(page.getByRole('table', { name: 'Tags' }).getByRole('row', { name: new RegExp(longTag) })).toBeVisible();
      await page.setViewportSize({ width: 1024, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
      await page.setViewportSize({ width: 1280, height: 800 });
      await shoot(page, 'artifact');
    });

    await test.step('the index lists its platforms; a child opens, and deleting it is refused while the index lists it', async () => {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: REPO }).click();
      await indexRow.getByRole('link', { name: short(index.digest), exact: true }).click();
      await sections.getByRole('tab', { name: /Children/ }).click();
      const children = page.getByRole('table', { name: 'Index children' });
      await expect(children.getByRole('row', { name: /linux\/amd64/ })).toContainText(short(amd64.manifest.digest));
      await children.getByRole('link', { name: `linux/arm64 ${short(arm64.manifest.digest)}` }).click();
      await expect(page.getByRole('heading', { name: short(arm64.manifest.digest) })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Overview' })).toContainText('linux/arm64');
      await page.getByRole('button', { name: 'Delete artifact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete artifact' });
      await dialog.getByRole('button', { name: `Delete ${short(arm64.manifest.digest)}` }).click();
      await expect(dialog.getByRole('alert')).toHaveText(/is listed by an index .* delete the index first/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });

    await test.step('on the repository page, a tag is removed and the index deleted, each confirmed by name', async () => {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: REPO }).click();
      await expect(imageRow.getByText('release-1.0', { exact: true })).toBeVisible();
      await imageRow.getByRole('button', { name: `Actions for ${short(image.manifest.digest)}` }).click();
      await page.getByRole('menuitem', { name: 'Remove tag release-1.0' }).click();
      await page.getByRole('dialog', { name: 'Remove tag' }).getByRole('button', { name: 'Remove release-1.0' }).click();
      await expect(page.getByText('Tag release-1.0 removed.')).toBeVisible();
      await expect(imageRow.getByText('release-1.0', { exact: true })).toHaveCount(0);

      await indexRow.getByRole('button', { name: `Actions for ${short(index.digest)}` }).click();
      await page.getByRole('menuitem', { name: 'Delete artifact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete artifact' });
      await expect(dialog).toContainText(index.digest);
      await expect(dialog).toContainText('its tag multi');
      // What deleting frees (the index, its children that go with it), as the storage endpoint says.
      const storage = await page.request.get(`/api/v2.0/berth/projects/${PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(REPO))}/artifacts/${index.digest}/storage`);
      const { frees, stays, shared_with } = (await storage.json()) as { frees: number; stays: number; shared_with: number };
      expect(frees).toBeGreaterThan(0);
      await expect(dialog).toContainText(freesSentence(frees, stays, shared_with));
      await dialog.getByRole('button', { name: `Delete ${short(index.digest)}` }).click();
      await expect(page.getByText(`Artifact ${short(index.digest)} deleted.`)).toBeVisible();
      await expect(indexRow).toHaveCount(0);
    });

    await test.step('the project\'s log has the pushes and the deletion; the repository page in the dark theme', async () => {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: PROJECT }).click();
      // The count as the API has it now (the index's children outlive it, as untagged artifacts).
      const repository = await page.request.get(`/api/v2.0/projects/${PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(REPO))}`);
      const { artifact_count } = (await repository.json()) as { artifact_count: number };
      const row = page.getByRole('table', { name: `Repositories of ${PROJECT}` }).getByRole('row', { name: new RegExp(FULL) });
      await expect(row.getByRole('cell').nth(1)).toHaveText(String(artifact_count));
      await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Logs' }).click();
      const log = page.getByRole('table', { name: `Audit log of ${PROJECT}` });
      await expect(log.getByRole('row', { name: new RegExp(`create artifact: ${FULL}:v1`) })).toBeVisible();
      await expect(log.getByRole('row', { name: new RegExp(`create artifact: ${FULL}:multi`) })).toBeVisible();
      await expect(log.getByRole('row', { name: new RegExp(`delete artifact: ${FULL}@${index.digest}`) })).toBeVisible();

      await page.goBack();
      await page.getByRole('table', { name: `Repositories of ${PROJECT}` }).getByRole('link', { name: FULL }).click();
      await userMenu(page, 'Dark theme');
      await expect(page.getByRole('region', { name: 'Description' }).getByRole('heading', { name: 'Our app' })).toBeVisible();
      await expect(imageRow).toBeVisible();
      await shoot(page, 'repository-dark');
      await userMenu(page, 'Light theme');
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
