import type { Page } from 'playwright-core';
import { useE2e } from './support/e2e';
import { expectListed, explorerList, firstLevelHeadings, SEEDED } from './support/elements';

const e2e = useE2e();

/** Every request to the sandbox fails with 503, as when Box is down. */
const BOX_DOWN = { path: '*', count: 1_000_000, status: 503 };

/** The page's own notice, once it says something. */
async function notice(page: Page): Promise<string> {
  const alert = page.locator('#page-error');
  await alert.waitFor({ state: 'visible' });
  expect(await alert.getAttribute('role')).toBe('alert');
  return (await alert.innerText()).trim();
}

describe('when Box cannot be reached, every page says so', () => {
  test('from the start: the home page, the element pages and the Preview and Sidebar pages', async () => {
    const app = await e2e.startApp('E2E Box down');
    // A fresh app holds no token for any element yet: each page needs Box at once.
    await app.injectFault(BOX_DOWN);
    const context = await e2e.open(app);
    // Chromium logs every failed answer; these are the ones Box being down must cause.
    const origin = app.url.replace(/[.]/g, '\\.');
    context.expectConsoleError(
      new RegExp(
        `^Failed to load resource: the server responded with a status of 50[23] .*\\(${origin}/(api/token/\\w+|preview|sidebar)\\)$`,
      ),
    );
    const page = await context.newPage();

    await page.goto(`${app.url}/`);
    const home = page.getByRole('alert');
    expect(await home.innerText()).toContain('Box cannot be reached right now');
    expect(await page.getByText('unknown: Box did not answer').count()).toBe(1);

    for (const element of ['explorer', 'uploader', 'picker', 'metadata']) {
      await page.goto(`${app.url}/${element}`);
      expect({ element, notice: await notice(page) }).toEqual({
        element,
        notice: expect.stringMatching(/^Box cannot be reached right now\./),
      });
      // The page around it is all there: header, navigation, heading (as the accessibility tree
      // has it: the metadata view's own <h1> is given level 2 by the page).
      expect({ element, h1: await firstLevelHeadings(page) }).toEqual({ element, h1: [expect.any(String)] });
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(7);
    }

    // The Preview and Sidebar pages need Box before they can render (which file to show): the
    // app answers with its error page.
    for (const element of ['preview', 'sidebar']) {
      const response = await page.goto(`${app.url}/${element}`);
      expect({ element, status: response?.status() }).toEqual({ element, status: 502 });
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Box cannot be reached');
      expect(await page.getByRole('main').innerText()).toContain('did not answer as it should');
      expect(await page.getByRole('link', { name: 'Try again' }).count()).toBe(1);
    }

    // Box is back: the same pages work, and say nothing.
    await app.clearFaults();
    await page.goto(`${app.url}/explorer`);
    await explorerList(page);
    await expectListed(page, SEEDED);
    expect(await page.locator('#page-error').isHidden()).toBe(true);
  });

  test('in the middle: the Explorer, already open, says so when Box stops answering', async () => {
    const app = await e2e.startApp('E2E Box goes down');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    const list = await explorerList(page);

    await app.injectFault(BOX_DOWN);
    // Chromium logs the failed folder request (a 503, or a CORS failure when the failure comes
    // without CORS headers, as from a proxy in front of Box), then the Explorer logs it itself.
    const sandbox = app.sandboxUrl.replace(/[.]/g, '\\.');
    context.expectConsoleError(
      new RegExp(`^Access to XMLHttpRequest at '${sandbox}/2\\.0/folders/.* blocked by CORS policy`),
    );
    context.expectConsoleError(
      new RegExp(
        `^Failed to load resource: (net::ERR_FAILED|the server responded with a status of 503 .*) \\(${sandbox}/2\\.0/folders/`,
      ),
    );
    context.expectConsoleError(
      /\(http:\/\/127\.0\.0\.1:\d+\/assets\/box-ui-elements\/[\d.]+\/explorer\.js\)$/,
    );
    await list.getByRole('columnheader', { name: 'SIZE' }).click();
    expect(await notice(page)).toMatch(/^Box cannot be reached right now\./);
    // The Explorer shows its own error view under the notice.
    await page.getByText('A network error has occurred while trying to load.').waitFor();

    // Box is back: a reload is all it takes.
    await app.clearFaults();
    await page.reload();
    await explorerList(page);
    await expectListed(page, SEEDED);
    expect(await page.locator('#page-error').isHidden()).toBe(true);
  });
});
