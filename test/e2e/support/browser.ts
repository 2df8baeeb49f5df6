import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/**
 * URL schemes that never leave the browser: blob: and data: URLs the pages make themselves, and
 * Chromium's own PDF viewer (chrome-extension://, chrome://) that shows a PDF in an iframe.
 */
const BROWSER_INTERNAL = new Set(['blob:', 'data:', 'about:', 'chrome:', 'chrome-extension:']);

/**
 * A browser context that holds the pages to the rules every test checks:
 * - every request goes to the app or the sandbox: anything else is aborted and recorded;
 * - no console error and no uncaught page error, except the ones a test says it expects (a
 *   refused request logs "Failed to load resource", for instance).
 */
export class GuardedContext {
  readonly offHost: string[] = [];
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  private readonly expected: RegExp[] = [];
  private readonly expectedPageErrors: RegExp[] = [];
  readonly tolerated: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    private readonly allowedOrigins: Set<string>,
  ) {}

  static async open(
    browser: Browser,
    allowedUrls: string[],
    options: BrowserContextOptions = {},
  ): Promise<GuardedContext> {
    const context = await browser.newContext({ viewport: DESKTOP, ...options });
    // Waits that fail should fail in good time (long waits pass their own timeout).
    context.setDefaultTimeout(20_000);
    const guard = new GuardedContext(context, new Set(allowedUrls.map((u) => new URL(u).origin)));
    await context.route(
      (url) => !guard.isAllowed(url.href),
      async (route) => {
        guard.recordOffHost(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    // Requests a route never sees (refused by the CSP, for instance) still count.
    context.on('request', (request) => {
      if (!guard.isAllowed(request.url())) guard.recordOffHost(request.url());
    });
    context.on('page', (page) => guard.watch(page));
    return guard;
  }

  async newPage(): Promise<Page> {
    return this.context.newPage();
  }

  /** A console error this test provokes on purpose; anything else still fails it. */
  expectConsoleError(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  /** An uncaught page error this test knows about (a known bug, say); anything else still fails it. */
  expectPageError(pattern: RegExp): void {
    this.expectedPageErrors.push(pattern);
  }

  /** Everything that breaks the rules, for `expect(...).toEqual([])`. */
  problems(): string[] {
    return [
      ...this.offHost.map((url) => `request to another host: ${url}`),
      ...this.consoleErrors.map((text) => `console error: ${text}`),
      ...this.pageErrors.map((text) => `page error: ${text}`),
    ];
  }

  close(): Promise<void> {
    return this.context.close();
  }

  private isAllowed(url: string): boolean {
    const parsed = new URL(url);
    return BROWSER_INTERNAL.has(parsed.protocol) || this.allowedOrigins.has(parsed.origin);
  }

  private recordOffHost(url: string): void {
    if (!this.offHost.includes(url)) this.offHost.push(url);
  }

  private watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      const text = `${message.text()}${where ? ` (${where})` : ''}`;
      if (this.expected.some((pattern) => pattern.test(text))) this.tolerated.push(text);
      else this.consoleErrors.push(text);
    });
    page.on('pageerror', (error) => {
      const text = `${error.name}: ${error.message}`;
      if (this.expectedPageErrors.some((pattern) => pattern.test(text))) this.tolerated.push(text);
      else this.pageErrors.push(text);
    });
  }
}
