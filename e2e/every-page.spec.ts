/**
 * The bar every console page meets: axe-core finds no critical or
 * serious violation in the light and the dark theme, and at 390 px no element is wider than the
 * screen (a wide table scrolls inside its own box). Every page module that web/app/router.tsx
 * loads must be listed below, so a new page is checked from the day it is added. Screenshots of
 * every page at 1440 and 390 px in both themes go to test-results/screenshots/pages/.
 */
import { readFileSync } from 'node:fs';
import type { Cookie, Page } from '@playwright/test';
import { buildImage } from '../server/testing/oci-images';
import { ADMIN, RegistryClient } from '../server/testing/registry-client';
import { seriousViolations, WCAG_AA } from './axe';
import { expect, signIn, test } from './fixtures';

const image = buildImage({ seed: `walk-${Date.now().toString(36)}`, layers: 2, layerBytes: 2_000 });

interface PageCase {
  name: string;
  /** The module router.tsx loads for it (the check that no page is left out). */
  module: string;
  url: string;
  anonymous?: boolean;
}

const PAGES: PageCase[] = [
  { name: 'sign-in', module: '../features/auth/sign-in-page', url: '/sign-in', anonymous: true },
  { name: 'forgot-password', module: '../features/auth/forgot-password-page', url: '/forgot-password', anonymous: true },
  { name: 'reset-password', module: '../features/auth/reset-password-page', url: '/reset-password?token=not-a-real-token', anonymous: true },
  { name: 'sign-up', module: '../features/auth/sign-up-page', url: '/sign-up', anonymous: true },
  { name: 'oidc-onboard', module: '../features/auth/oidc-onboard-page', url: '/oidc-onboard?username=new.user&redirect_url=%2Fprojects', anonymous: true },
  { name: 'projects', module: '../features/projects/projects-page', url: '/projects' },
  { name: 'layout', module: '../components/layout/app-layout', url: '/projects' },
  { name: 'project', module: '../features/projects/project-page', url: '/projects/1/summary' },
  { name: 'project-summary', module: '../features/projects/components/project-summary', url: '/projects/1/summary' },
  { name: 'project-repositories', module: '../features/repositories/repositories-tab', url: '/projects/1/repositories' },
  { name: 'project-members', module: '../features/members/members-tab', url: '/projects/1/members' },
  { name: 'project-logs', module: '../features/audit/project-logs-tab', url: '/projects/1/logs' },
  { name: 'project-labels', module: '../features/labels/project-labels-tab', url: '/projects/1/labels' },
  { name: 'project-configuration', module: '../features/projects/components/project-configuration', url: '/projects/1/configuration' },
  { name: 'project-webhooks', module: '../features/webhooks/webhooks-tab', url: '/projects/1/webhooks' },
  { name: 'project-policy', module: '../features/policy/policy-tab', url: '/projects/1/policy' },
  { name: 'project-scanner', module: '../features/scanners/project-scanner-tab', url: '/projects/1/scanner' },
  { name: 'repository', module: '../features/repositories/repository-route', url: '/projects/1/repositories/walk' },
  { name: 'artifact', module: '../features/repositories/repository-route', url: `/projects/1/repositories/walk/-/artifacts/${encodeURIComponent(image.manifest.digest)}?tab=layers` },
  { name: 'artifact-vulnerabilities', module: '../features/repositories/repository-route', url: `/projects/1/repositories/walk/-/artifacts/${encodeURIComponent(image.manifest.digest)}?tab=vulnerabilities` },
  { name: 'artifact-dependents', module: '../features/repositories/repository-route', url: `/projects/1/repositories/walk/-/artifacts/${encodeURIComponent(image.manifest.digest)}?tab=dependents` },
  { name: 'artifact-sbom', module: '../features/repositories/repository-route', url: `/projects/1/repositories/walk/-/artifacts/${encodeURIComponent(image.manifest.digest)}?tab=sbom` },
  { name: 'packages', module: '../features/packages/package-search-page', url: '/packages?name=walk-package' },
  { name: 'layer', module: '../features/repositories/layer-page', url: `/layers/${encodeURIComponent(image.layers[0]!.digest)}` },
  { name: 'artifact-diff', module: '../features/repositories/repository-route', url: '/projects/1/repositories/walk/-/compare?from=v1&to=v1' },
  { name: 'profile', module: '../features/account/profile-page', url: '/account/profile' },
  { name: 'password', module: '../features/account/password-page', url: '/account/password' },
  { name: 'users', module: '../features/users/users-page', url: '/admin/users' },
  { name: 'groups', module: '../features/groups/groups-page', url: '/admin/groups' },
  { name: 'audit-logs', module: '../features/audit/audit-logs-page', url: '/admin/audit-logs' },
  { name: 'system-info', module: '../features/system/system-info-page', url: '/admin/system' },
  { name: 'configuration', module: '../features/configuration/configuration-page', url: '/admin/configuration/authentication' },
  { name: 'configuration-authentication', module: '../features/configuration/authentication-tab', url: '/admin/configuration/authentication' },
  { name: 'configuration-email', module: '../features/configuration/email-tab', url: '/admin/configuration/email' },
  { name: 'configuration-system', module: '../features/configuration/system-tab', url: '/admin/configuration/system' },
  { name: 'registries', module: '../features/registries/registries-page', url: '/admin/registries' },
  { name: 'quotas', module: '../features/quotas/quotas-page', url: '/admin/quotas' },
  { name: 'labels', module: '../features/labels/labels-page', url: '/admin/labels' },
  { name: 'robots', module: '../features/robots/robots-page', url: '/admin/robots' },
  { name: 'project-robots', module: '../features/robots/project-robots-tab', url: '/projects/1/robots' },
  { name: 'clean-up', module: '../features/cleanup/clean-up-page', url: '/admin/clean-up' },
  { name: 'interrogation-services', module: '../features/scanners/interrogation-services-page', url: '/admin/interrogation-services' },
  { name: 'interrogation-services-vulnerability', module: '../features/scanners/interrogation-services-page', url: '/admin/interrogation-services?tab=vulnerability' },
  { name: 'replications', module: '../features/replication/replications-page', url: '/admin/replications' },
  { name: 'replication-rule', module: '../features/replication/rule-page', url: '/admin/replications/new' },
  { name: 'replication-executions', module: '../features/replication/executions-page', url: '/admin/replications/1' },
  { name: 'replication-execution', module: '../features/replication/execution-page', url: '/admin/replications/executions/1' },
  { name: 'not-found', module: './not-found', url: '/no/such/page' },
];

const THEMES = ['light', 'dark'] as const;
const WIDTHS = [1440, 390] as const;

/** The page has its data: no request under way, no placeholder rows, no "Loading". */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}

/** Elements reaching past the right edge of the screen, outside a box that scrolls them (a table's). */
function overflowing(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) found.push(`<main> scrolls sideways (${main.scrollWidth} px)`);
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
      let scroller = el.parentElement;
      while (scroller && scroller.tagName !== 'MAIN' && scroller !== document.body && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
      if (scroller && scroller.tagName !== 'MAIN' && scroller !== document.body) continue;
      const label = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ').slice(0, 3).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      found.push(`${label} reaches ${Math.round(box.right)} px`);
      if (found.length >= 8) break;
    }
    return found;
  });
}

/** Screenshots are for people to look at; CI, where nobody does, skips them. */
const SCREENSHOTS = !process.env.CI;

/** Waits for the layout after a resize (two frames). */
const nextFrames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** The dark theme is the `dark` class the theme provider sets on <html>, as other specs switch it. */
const setTheme = (page: Page, theme: (typeof THEMES)[number]) =>
  page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');

/**
 * One load: axe at 1440 px in each theme (colours do not change with the width), then the page
 * narrowed to 390 px for the width check (the width does not change with the theme).
 */
async function check(page: Page, target: PageCase, problems: string[]) {
  await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  await page.goto(target.url);
  await settle(page);
  for (const theme of THEMES) {
    await setTheme(page, theme);
    for (const v of await seriousViolations(page, { tags: WCAG_AA })) {
      problems.push(`${target.name} (${theme}, ${WIDTHS[0]} px): ${v.id} (${v.impact}) at ${v.targets.join(', ')}`);
    }
    if (SCREENSHOTS) await page.screenshot({ path: `test-results/screenshots/pages/${target.name}-${theme}-${WIDTHS[0]}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: WIDTHS[1], height: 900 });
  await nextFrames(page);
  for (const wide of await overflowing(page)) problems.push(`${target.name} (${WIDTHS[1]} px): ${wide}`);
  if (SCREENSHOTS) {
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await page.screenshot({ path: `test-results/screenshots/pages/${target.name}-${theme}-${WIDTHS[1]}.png`, fullPage: true });
    }
  }
}

test('every page module of the router is in this walk', () => {
  const router = readFileSync(new URL('../web/app/router.tsx', import.meta.url), 'utf8');
  const modules = [...router.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]!);
  const walked = new Set(PAGES.map((p) => p.module));
  expect(modules.filter((m) => !walked.has(m))).toEqual([]);
});

test.describe('every page: no serious or critical axe violation in either theme, nothing wider than 390 px', () => {
  // Signed in once: each page's test starts with the admin's session cookies.
  let adminCookies: Cookie[] = [];
  test.beforeAll(async ({ berth, browser }) => {
    await new RegistryClient(berth.url, ADMIN).pushImage('library/walk', 'v1', [image.config, ...image.layers], image.manifest);
    const context = await browser.newContext({ baseURL: berth.url });
    await signIn(await context.newPage(), 'admin', 'Harbor12345');
    adminCookies = await context.cookies();
    await context.close();
  });
  // A page and its default tab share an address: each address once.
  const once = PAGES.filter((p, i) => PAGES.findIndex((q) => q.url === p.url) === i);
  for (const target of once) {
    test(target.name, async ({ page, context }) => {
      test.setTimeout(120_000);
      if (!target.anonymous) await context.addCookies(adminCookies);
      const problems: string[] = [];
      await check(page, target, problems);
      expect(problems).toEqual([]);
    });
  }
});
