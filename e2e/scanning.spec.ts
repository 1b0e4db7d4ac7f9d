/**
 * Vulnerability scanning in the console, against a real server and a scanner adapter that
 * follows Harbor's pluggable scanner specification (server/testing/scanner-adapter.ts): the
 * adapter is registered under Interrogation Services after Test connection refuses a wrong API
 * key and accepts the right one, an image pushed with skopeo is scanned from the artifacts list,
 * and the counts by severity and the Vulnerabilities tab's rows are what the adapter's own table
 * says of the image's packages. The findings pass axe in both themes. Scan all runs to its end
 * from the Vulnerability tab, and gets a schedule.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { skopeoPush } from '../server/testing/replication';
import { imageWithPackages } from '../server/testing/scan-images';
import { ScannerAdapter, VULNERABILITY_DB } from '../server/testing/scanner-adapter';
import { expect, shoot, signIn, test } from './fixtures';

const PACKAGES: [string, string][] = [
  ['openssl', '3.0.11'],
  ['zlib', '1.2.11'],
  ['bash', '5.1'],
  ['coreutils', '9.1'],
];
const image = imageWithPackages(`e2e-scan-${Date.now().toString(36)}`, PACKAGES);
/** What the adapter reports for the image: its table's entries for each package the image lists. */
const expected = PACKAGES.flatMap(([name, version]) => (VULNERABILITY_DB[`${name}@${version}`] ?? []).map((v) => ({ ...v, package: name, version })));
const bySeverity = new Map<string, number>();
for (const v of expected) bySeverity.set(v.severity, (bySeverity.get(v.severity) ?? 0) + 1);
const API_KEY = 'e2e-adapter-key';

/** No critical or serious axe finding in the last scan's summary and the findings' table. */
async function expectAccessible(page: Page, where: string) {
  const axe = await new AxeBuilder({ page }).include('[aria-label="Last scan"]').include('table[aria-label="Vulnerabilities"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${where}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

test('a scanner registered from the console scans an image from the artifacts list; counts and rows are the adapter\'s', async ({ page, berth }) => {
  // A push, a registration and a scan that polls its adapter each second, on a shared machine.
  test.setTimeout(240_000);
  expect(expected.length).toBeGreaterThan(2);
  const adapter = await new ScannerAdapter({ header: 'X-ScannerAdapter-API-Key', value: API_KEY }).start();
  try {
    await skopeoPush(berth.url, image, 'library/scanme', 'v1', 'admin:Harbor12345');
    await signIn(page, 'admin', 'Harbor12345');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Interrogation Services' }).click();
    await page.getByRole('button', { name: 'New scanner' }).click();
    const dialog = page.getByRole('dialog', { name: 'New scanner' });
    await dialog.getByLabel('Name').fill('tablescan');
    await dialog.getByLabel('Endpoint').fill(adapter.url);
    await dialog.getByLabel('Authorization').selectOption({ label: 'API key' });
    const result = dialog.getByRole('status', { name: 'Connection test' });
    // The test uses what is typed: a wrong key is refused by the adapter, the right one passes.
    await dialog.getByLabel('API key', { exact: true }).fill('wrong-key');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('401');
    await dialog.getByLabel('API key', { exact: true }).fill(API_KEY);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('The scanner answered');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByText('Scanner tablescan added.')).toBeVisible();
    const registration = page.getByRole('table', { name: 'Scanners' }).getByRole('row', { name: /tablescan/ });
    await expect(registration).toContainText('Default');
    await expect(registration).toContainText('Healthy');
    await expect(registration).toContainText('Tablescan 1.0.0 (Berth tests)');
    // Edited with the key left empty: the test asks the saved registration, and the saved key stays (the scans below need it).
    await registration.getByRole('button', { name: 'Actions for tablescan' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit tablescan' });
    await edit.getByLabel('Description').fill('The test adapter');
    await edit.getByRole('button', { name: 'Test connection' }).click();
    await expect(edit.getByRole('status', { name: 'Connection test' })).toContainText('The scanner answered');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Scanner tablescan saved.')).toBeVisible();
    await expect(registration).toContainText('The test adapter');

    await page.goto('/projects/1/repositories/scanme');
    const artifacts = page.getByRole('table', { name: 'Artifacts' });
    await expect(artifacts.getByText('Not scanned')).toBeVisible();
    await artifacts.getByRole('button', { name: /^Actions for / }).click();
    await page.getByRole('menuitem', { name: 'Scan', exact: true }).click();
    await expect(page.getByText(/^Scan of sha256:\w+ queued\.$/)).toBeVisible();
    const summary = artifacts.getByRole('link', { name: new RegExp(`^${expected.length} vulnerabilities:`) });
    await expect(summary).toBeVisible({ timeout: 120_000 });
    for (const [severity, n] of bySeverity) await expect(summary.getByText(`${n} ${severity}`, { exact: true })).toBeVisible();
    await expect(summary.locator('span > span')).toHaveCount(bySeverity.size);

    await summary.click();
    await expect(page.getByRole('tab', { name: 'Vulnerabilities', selected: true })).toBeVisible();
    const rows = page.getByRole('table', { name: 'Vulnerabilities' }).getByRole('row');
    await expect(rows).toHaveCount(expected.length + 1);
    for (const v of expected) {
      const row = rows.filter({ hasText: v.id });
      await expect(row.getByRole('cell')).toHaveText([v.id, v.severity, v.package, v.version, v.fix_version ?? 'No fix yet', v.description]);
    }
    await expect(page.getByRole('link', { name: 'Scan log' })).toBeVisible();
    // The severity badges keep their contrast in both themes (the theme is the class lib/theme.tsx sets on <html>).
    for (const dark of [false, true]) {
      await page.evaluate((on) => document.documentElement.classList.toggle('dark', on), dark);
      await expectAccessible(page, dark ? 'dark theme' : 'light theme');
    }

    await page.goto('/projects/1/scanner');
    const projectScanner = page.getByRole('region', { name: 'Scanner' });
    await expect(projectScanner).toContainText('tablescan');

    // Scan all: run now and followed to its end; then a daily schedule.
    await page.goto('/admin/interrogation-services?tab=vulnerability');
    await expect(page.getByText('No scan all has run yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Scan now' }).click();
    // Every image the server holds is scanned: the other spec files' images too (one server per worker).
    await expect(page.getByText(/^Manual scan all finished: (\d+) of \1 images? done \(/)).toBeVisible({ timeout: 120_000 });
    await page.getByLabel('Schedule of the scan all').selectOption('Daily');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Schedule saved.' })).toBeVisible();
    await expect(page.getByText(/^Next run: /)).toBeVisible();

    // SCAN_SCREENSHOTS=1: the pages with a scanner and findings at 1440 and 390 px in both themes, to look at.
    if (process.env.SCAN_SCREENSHOTS) {
      const listUrl = '/projects/1/repositories/scanme';
      const views = [
        ['artifacts', listUrl, summary],
        ['vulnerabilities', `${listUrl}/-/artifacts/${encodeURIComponent(image.manifest.digest)}?tab=vulnerabilities`, rows.nth(expected.length)],
        ['scanners', '/admin/interrogation-services', registration],
        ['project-scanner', '/projects/1/scanner', projectScanner.getByText('Healthy')],
      ] as const;
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        for (const [name, url, ready] of views) {
          await page.setViewportSize({ width: 1440, height: 900 });
          await page.goto(url);
          await expect(ready).toBeVisible();
          await shoot(page, `scanning-${name}-${theme}-1440`);
          await page.setViewportSize({ width: 390, height: 900 });
          await shoot(page, `scanning-${name}-${theme}-390`);
        }
      }
    }
  } finally {
    await adapter.stop();
  }
});
