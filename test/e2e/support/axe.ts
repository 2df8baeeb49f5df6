import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * axe-core in the browser tests (@axe-core/playwright). Two looks at a page: the app's own markup
 * (everything but Box's element and what the element puts on the page), where a serious or
 * critical violation fails the test; and Box's element on its own, whose findings are recorded.
 */

/** WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The impacts that fail a test when found in the app's own markup. */
export const FAILING_IMPACTS = ['serious', 'critical'];

/** One rule's violation, as a test reports it: where, and a few of its nodes. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  /** How many nodes break it. */
  count: number;
  /** The first few nodes' selectors, and what axe says about the first. */
  nodes: string[];
  summary: string;
}

/**
 * What Box's element puts on the page outside `#element`: the body's children that are not the
 * app's own (its skip link, header, main, footer and scripts). Box UI Elements 26 append React
 * Aria's hidden descriptions (`#react-aria-description-N`), Radix poppers
 * (`[data-radix-popper-content-wrapper]`) and Tether's flyouts and tooltips (`.tether-element`)
 * to the body; their modals (`.be-modal`, react-modal's `.ReactModalPortal`) go inside the element.
 */
async function elementOutsiders(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.body.children)
      .map((child, i) => ({ child, i }))
      .filter(({ child }) => !child.matches('.skip-link, .site-header, main, .site-footer, script'))
      .map(({ child, i }) => (child.id ? `#${CSS.escape(child.id)}` : `body > :nth-child(${i + 1})`)),
  );
}

/**
 * axe's run. Legacy mode: one `axe.run` in the page (same-origin frames only) rather than a run
 * per frame finished in a blank page: about half the time, and the app's pages have no frame
 * from another origin.
 */
function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true);
}

function violations(results: Awaited<ReturnType<AxeBuilder['analyze']>>): Violation[] {
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    count: v.nodes.length,
    nodes: v.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    summary: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
  }));
}

/** Every violation in the app's own markup: the page without Box's element and its outsiders. */
export async function ownMarkupViolations(page: Page): Promise<Violation[]> {
  const builder = axe(page).exclude('#element');
  for (const selector of await elementOutsiders(page)) builder.exclude(selector);
  return violations(await builder.analyze());
}

/** Every violation inside Box's element (`#element`) and what it put on the page outside it. */
export async function elementViolations(page: Page): Promise<Violation[]> {
  const builder = axe(page).include('#element');
  for (const selector of await elementOutsiders(page)) builder.include(selector);
  return violations(await builder.analyze());
}

/** The violations that fail a test. */
export const failing = (found: Violation[]): Violation[] =>
  found.filter((v) => FAILING_IMPACTS.includes(v.impact));

/** What axe found, by where: collected over a test file and written as one JSON file. */
export class AxeReport {
  private readonly entries: { where: Record<string, string>; violations: Violation[] }[] = [];

  constructor(private readonly file: string) {}

  add(where: Record<string, string>, found: Violation[]): void {
    this.entries.push({ where, violations: found });
  }

  /**
   * Per element page and rule: its impact, what it means, and the nodes counted in each run
   * ("en desktop": 1); `own` holds the app's own markup's (moderate and minor ones: they pass).
   */
  summary(): Record<string, Record<string, { impact: string; help: string; nodes: Record<string, number> }>> {
    const out: ReturnType<AxeReport['summary']> = {};
    for (const { where, violations: found } of this.entries) {
      const key = where.scope === 'element' ? where.page! : 'own';
      const run = [where.language, where.state, where.width, where.scope === 'own' ? where.page : '']
        .filter(Boolean)
        .join(' ');
      for (const v of found) {
        const rules = (out[key] ??= {});
        const rule = (rules[v.rule] ??= { impact: v.impact, help: v.help, nodes: {} });
        rule.nodes[run] = v.count;
      }
    }
    return out;
  }

  write(): void {
    if (this.entries.length === 0) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(
      this.file,
      `${JSON.stringify({ tags: AXE_TAGS, summary: this.summary(), runs: this.entries }, null, 2)}\n`,
    );
  }
}
