/**
 * Labels in the console: a system admin makes a global label in
 * Administration > Labels, a project label in the project's Labels tab, puts both on an artifact
 * from its row's menu, sees them as chips, and filters the artifact list by a label; then the
 * project's Configuration tab turns cosign content trust on and saves a CVE allowlist, and the
 * system's allowlist is saved under Administration > Configuration > System (point 5).
 */
import { buildImage, imageBlobs } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { createProject, expect, shoot, signIn, test } from './fixtures';

const suffix = Date.now().toString(36).slice(-5);
const PROJECT = `labelled-${suffix}`;
const released = buildImage({ seed: `released-${suffix}` });
const draft = buildImage({ seed: `draft-${suffix}` });
const short = (digest: string) => digest.slice(0, 'sha256:'.length + 8);

test.use({ viewport: { width: 1280, height: 800 } });

async function newLabel(page: import('@playwright/test').Page, name: string, color: string) {
  await page.getByRole('button', { name: 'New label' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New label' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Colour').fill(color);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText(`Label ${name} created.`)).toBeVisible();
}

test('a global and a project label go on an artifact, show as chips, and filter the artifact list', async ({ page, berth }) => {
  const artifacts = page.getByRole('table', { name: 'Artifacts' });
  const releasedRow = artifacts.getByRole('row', { name: new RegExp(short(released.manifest.digest)) });
  const draftRow = artifacts.getByRole('row', { name: new RegExp(short(draft.manifest.digest)) });

  await test.step('admin makes a global label and a project with two images', async () => {
    await signIn(page, 'admin', 'Harbor12345');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Labels' }).click();
    await expect(page.getByRole('heading', { name: 'Labels' })).toBeVisible();
    await newLabel(page, 'release', '#1a7f37');
    await expect(page.getByRole('table', { name: 'Labels' }).getByText('release')).toBeVisible();
    await shoot(page, 'labels');

    await createProject(page, PROJECT);
    const registry = new RegistryClient(berth.url, ADMIN);
    await registry.pushImage(`${PROJECT}/app`, 'v1', imageBlobs(released).slice(0, -1), released.manifest);
    await registry.pushImage(`${PROJECT}/app`, 'v2', imageBlobs(draft).slice(0, -1), draft.manifest);
  });

  await test.step('the project\'s Labels tab makes a label of its own', async () => {
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Labels' }).click();
    await expect(page.getByText("No labels of this project yet.")).toBeVisible();
    await newLabel(page, 'approved', '#8250df');
    await shoot(page, 'project-labels');
  });

  await test.step('both labels go on one artifact from its row\'s menu and show as chips', async () => {
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('link', { name: `${PROJECT}/app` }).click();
    await releasedRow.getByRole('button', { name: `Actions for ${short(released.manifest.digest)}` }).click();
    await page.getByRole('menuitem', { name: 'Labels' }).click();
    const dialog = page.getByRole('dialog', { name: `Labels of ${short(released.manifest.digest)}` });
    await dialog.getByRole('checkbox', { name: 'release' }).check();
    await expect(page.getByText('Label release added.')).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'approved' }).check();
    await expect(page.getByText('Label approved added.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(releasedRow.getByText('release', { exact: true })).toBeVisible();
    await expect(releasedRow.getByText('approved', { exact: true })).toBeVisible();
    await expect(draftRow.getByText('release', { exact: true })).toHaveCount(0);
  });

  await test.step('filtering by a label lists only the artifacts carrying it', async () => {
    await page.getByRole('combobox', { name: 'Filter artifacts by label' }).selectOption({ label: 'release (global)' });
    await expect(draftRow).toHaveCount(0);
    await expect(releasedRow).toBeVisible();
    expect(new URL(page.url()).searchParams.get('label')).toMatch(/^\d+$/);
    await shoot(page, 'artifacts-by-label');

    // The label comes off; the filtered list is empty and says so.
    await releasedRow.getByRole('button', { name: `Actions for ${short(released.manifest.digest)}` }).click();
    await page.getByRole('menuitem', { name: 'Labels' }).click();
    await page.getByRole('dialog').getByRole('checkbox', { name: 'release' }).uncheck();
    await expect(page.getByText('Label release removed.')).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText('No artifact here carries that label.')).toBeVisible();
    await page.getByRole('button', { name: 'Show all artifacts' }).click();
    await expect(draftRow).toBeVisible();
  });

  await test.step('the project\'s Configuration tab saves the cosign switch and the project CVE allowlist', async () => {
    await page.getByRole('link', { name: PROJECT, exact: true }).click();
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('checkbox', { name: /^Cosign/ }).check();
    await page.getByLabel('Project CVE allowlist').fill('CVE-2021-44228\nCVE-2024-3094');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(`The configuration of ${PROJECT} is saved.`)).toBeVisible();
    const saved = (await (await page.request.get(`/api/v2.0/projects/${PROJECT}`)).json()) as { metadata: Record<string, string>; cve_allowlist: { items: unknown[] } };
    expect(saved.metadata.enable_content_trust_cosign).toBe('true');
    expect(saved.cve_allowlist.items).toEqual([{ cve_id: 'CVE-2021-44228' }, { cve_id: 'CVE-2024-3094' }]);
    await shoot(page, 'project-configuration');
  });

  await test.step('Administration > Configuration > System saves the system CVE allowlist', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('link', { name: 'System', exact: true }).click();
    await page.getByLabel('CVE ids').fill('CVE-2023-44487');
    await page.getByRole('button', { name: 'Save allowlist' }).click();
    await expect(page.getByText('System CVE allowlist saved.')).toBeVisible();
    const saved = (await (await page.request.get('/api/v2.0/system/CVEAllowlist')).json()) as { items: unknown[]; project_id: number };
    expect(saved).toMatchObject({ project_id: 0, items: [{ cve_id: 'CVE-2023-44487' }] });
  });
});

