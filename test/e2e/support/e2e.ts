import type { Browser, BrowserContextOptions } from 'playwright-core';
import { startE2eApp, type E2eApp, type StartOptions } from './app';
import { GuardedContext, launchBrowser } from './browser';

export interface E2e {
  /** A fresh app (sandbox mode, fresh data dir, free ports) with its own demo folder. */
  startApp(demoFolderName: string, options?: StartOptions): Promise<E2eApp>;
  /** A fresh browser context whose pages may talk to this app and its sandbox only. */
  open(app: E2eApp, options?: BrowserContextOptions): Promise<GuardedContext>;
}

/**
 * One browser per test file; per test, fresh apps and fresh contexts. After each test its
 * contexts are closed first (so no page sees its app go away), then its apps; then whatever broke
 * the rules (another host, a console error, a page error) fails the test.
 */
export function useE2e(): E2e {
  let browser: Browser | undefined;
  const contexts: GuardedContext[] = [];
  const apps: E2eApp[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const closing = contexts.splice(0);
    const problems = closing.flatMap((c) => c.problems());
    await Promise.all(closing.map((c) => c.close()));
    await Promise.all(apps.splice(0).map((app) => app.destroy()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    startApp: async (name, options) => {
      const app = await startE2eApp(name, options);
      apps.push(app);
      return app;
    },
    open: async (app, options) => {
      if (!browser) throw new Error('useE2e(): the browser is not running (open contexts inside a test)');
      const context = await GuardedContext.open(browser, app.origins, options);
      contexts.push(context);
      return context;
    },
  };
}
