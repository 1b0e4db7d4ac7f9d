/**
 * SBOMs in the console, from a real image: a layer holding this machine's dpkg status file,
 * pushed with skopeo. The SBOM tab offers Generate SBOM, shows the generation until the packages
 * arrive, and finds a package the status file lists (read here, not written down); the package
 * search finds the image by that package and version and links to it; the project's
 * Configuration tab saves the SBOM-on-push switch.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { create as createTar } from 'tar';
import { ApiClient } from '../server/testing/api-client';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, writeOciLayout } from '../server/testing/oci-images';
import { expect, shoot, signIn, test } from './fixtures';

const run = promisify(execFile);
const STATUS = '/var/lib/dpkg/status';
const REPO = `sbom-${Date.now().toString(36).slice(-5)}`;
const short = (digest: string) => digest.slice(0, 'sha256:'.length + 8);

/**
 * An installed package of the status file and its version: the one with the longest name, so
 * that filtering by its name leaves few rows.
 */
function installedPackage(status: string): { name: string; version: string } {
  const stanzas = status.split(/\n\n+/).map((stanza) => Object.fromEntries([...stanza.matchAll(/^([\w-]+): (.*)$/gm)].map((m) => [m[1]!, m[2]!])));
  const installed = stanzas.filter((s) => s.Package && s.Version && /\binstalled$/.test(s.Status ?? ''));
  const longest = installed.reduce((a, b) => (b.Package!.length > a.Package!.length ? b : a));
  return { name: longest.Package!, version: longest.Version! };
}

/** A one-layer image whose layer holds var/lib/dpkg/status, written as an OCI layout skopeo copies from. */
async function dpkgImage(work: string) {
  const root = path.join(work, 'rootfs');
  await mkdir(path.join(root, 'var/lib/dpkg'), { recursive: true });
  await cp(STATUS, path.join(root, 'var/lib/dpkg/status'));
  const file = path.join(work, 'layer.tgz');
  await createTar({ gzip: true, cwd: root, file, portable: true }, await readdir(root));
  const layer = blobOf(OCI_LAYER, await readFile(file));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, history: [{ created_by: 'COPY status /var/lib/dpkg/' }] });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  await writeOciLayout(path.join(work, 'layout'), [config, layer, manifest], { v1: manifest });
  return manifest;
}

test.use({ viewport: { width: 1280, height: 800 } });

test('generate an SBOM from the console, find a dpkg package in it, search the registry for it and follow the link', async ({ page, berth }) => {
  test.setTimeout(120_000);
  const known = installedPackage(await readFile(STATUS, 'utf8'));
  const work = test.info().outputPath('image');
  const manifest = await dpkgImage(work);
  await run('/usr/bin/skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:v1`, `docker://${berth.url.slice('http://'.length)}/library/${REPO}:v1`], {
    env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') },
    timeout: 60_000,
  });

  await signIn(page, 'admin', 'Harbor12345');
  await page.goto(`/projects/1/repositories/${REPO}/-/artifacts/v1`);
  await page.getByRole('tablist', { name: 'Artifact sections' }).getByRole('tab', { name: 'SBOM' }).click();
  await expect(page.getByText('This image has no SBOM yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Generate SBOM' }).click();
  // Then the generation's progress, polled until the packages arrive.
  const packages = page.getByRole('table', { name: 'Packages' });
  await expect(packages).toBeVisible({ timeout: 60_000 });
  await page.getByRole('searchbox', { name: 'Filter packages by name' }).fill(known.name);
  const row = packages.getByRole('row', { name: new RegExp(`^${known.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText(known.version);
  await expect(row.getByRole('cell').nth(2)).toHaveText('deb');
  await shoot(page, 'sbom-tab');

  // The package's name leads to the registry-wide search, which finds this image by name and version.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Package search' }).click();
  await page.getByRole('searchbox', { name: 'Package name' }).fill(known.name);
  await page.getByRole('searchbox', { name: 'Version range' }).fill(known.version);
  const found = page.getByRole('table', { name: 'Images containing the package' });
  await expect(found.getByRole('row')).toHaveCount(2);
  await expect(found.getByRole('row').nth(1)).toContainText(`library/${REPO}`);
  await expect(found.getByRole('row').nth(1)).toContainText(known.version);
  await shoot(page, 'package-search');
  await page.getByRole('searchbox', { name: 'Version range' }).fill(`>${known.version}`);
  await expect(page.getByText(`No image you may see contains ${known.name} in >${known.version}.`)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Version range' }).fill(known.version);
  await found.getByRole('link', { name: short(manifest.digest) }).click();
  await expect(page.getByRole('heading', { name: short(manifest.digest) })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'SBOM', selected: true })).toBeVisible();

  // SBOMs on push: the project's switch is saved as its auto_sbom_generation.
  await page.goto('/projects/1/configuration');
  await page.getByLabel('Automatically generate an SBOM on push').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The configuration of library is saved.')).toBeVisible();
  const project = await ApiClient.basic(berth, 'admin', 'Harbor12345').get<{ metadata: Record<string, string> }>('/projects/library');
  expect(project.body.metadata.auto_sbom_generation).toBe('true');
});
