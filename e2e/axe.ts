/**
 * axe-core run inside the page, as the browser extension runs it.
 *
 * @axe-core/playwright's AxeBuilder injects axe into every frame on each analyze() and finishes
 * the run in a new blank page: about 9 s a call on this machine under load, against 1 to 2 s for
 * the same rules run here (the console has no frames). The source is injected once per document.
 */
import type { Page } from '@playwright/test';
import axe from 'axe-core';

/** WCAG 2.0 and 2.1, levels A and AA: the rules the console is held to. */
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Critical and serious violations on the page, or within the element `include` selects; of the
 * rules tagged `tags`, or of every rule axe runs by default.
 */
export async function seriousViolations(page: Page, { include, tags }: { include?: string; tags?: string[] } = {}): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  // Colours are judged as they end: a button fading back from disabled is not a finding.
  // (An endless animation, a spinner, cannot be finished and is left as it is.)
  await page.evaluate(() => {
    for (const a of document.getAnimations()) {
      try {
        a.finish();
      } catch {
        /* endless */
      }
    }
  });
  const found = await page.evaluate(
    async ({ tags, include }: { tags?: string[]; include?: string }) => {
      const engine = (window as unknown as { axe: typeof axe }).axe;
      const result = await engine.run(include ? { include: [include] } : document, {
        ...(tags ? { runOnly: { type: 'tag' as const, values: tags } } : {}),
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    },
    { tags, include },
  );
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}
