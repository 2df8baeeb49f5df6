import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../support/temp-dir';
import { useE2e } from './support/e2e';
import { elementRegion, expectListed, explorerList, SEEDED } from './support/elements';
import { signInAs } from './support/sign-in';

/**
 * Sign-in in the browser, through the dev identity provider's own page: two people in two
 * browsers, each with a folder of their own; a page left open past its session; signing out.
 */
const e2e = useE2e();

/** Upload one file through Content Explorer's own Add ▸ Upload dialog. */
async function uploadInExplorer(page: Page, file: string): Promise<void> {
  await elementRegion(page, 'Content Explorer').getByRole('button', { name: 'Add' }).click();
  await page.getByRole('menuitem', { name: 'Upload' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload' });
  await dialog.locator('input[type="file"]').first().setInputFiles(file);
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await dialog.getByText('Success! Your files have been uploaded.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

describe('signing in', () => {
  test('Ada and Grace, in two browsers, each upload and see only their own files', async () => {
    const app = await e2e.startApp('E2E Sign-in', { env: { AUTH_MODE: 'oidc' } });
    const files = tempDir('box-e2e-people-');
    try {
      const people = [
        { name: 'Ada Lovelace', file: path.join(files.path, 'ada-notes.txt') },
        { name: 'Grace Hopper', file: path.join(files.path, 'grace-notes.txt') },
      ];
      const pages: Page[] = [];
      for (const person of people) {
        writeFileSync(person.file, `${person.name}'s notes\n`);
        const context = await e2e.open(app);
        const page = await context.newPage();
        // A visitor going to the Explorer is sent to sign in, and comes back to the Explorer.
        await page.goto(`${app.url}/explorer`);
        await page.getByText('Development identity provider').waitFor();
        await page.getByRole('button', { name: new RegExp(`^${person.name}`) }).click();
        await page.waitForURL(`${app.url}/explorer`);
        await explorerList(page);
        await expectListed(page, SEEDED);
        await expect(page.locator('.account__name').innerText()).resolves.toBe(person.name);
        pages.push(page);
      }
      for (const [i, person] of people.entries()) await uploadInExplorer(pages[i]!, person.file);

      for (const [i, page] of pages.entries()) {
        await page.reload();
        await explorerList(page);
        const mine = path.basename(people[i]!.file);
        await expectListed(page, [...SEEDED.slice(0, 4), mine, SEEDED[4]!].sort(byName));
        const theirs = path.basename(people[1 - i]!.file);
        expect(await page.getByText(theirs).count()).toBe(0);
      }
    } finally {
      files.remove();
    }
  });

  test('the home page explains sign-in to a visitor; after signing in it names the person and their folder', async () => {
    const app = await e2e.startApp('E2E Home sign-in', { env: { AUTH_MODE: 'oidc' } });
    const page = await (await e2e.open(app)).newPage();
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Sign in to get your own Box space' }).waitFor();
    await signInAs(page, 'Alan Turing');
    expect(page.url()).toBe(`${app.url}/`);
    await page.getByText('Your folder', { exact: true }).waitFor();
    expect(await page.locator('.account__box').innerText()).toMatch(/^Box app user \d+$/);
  });

  test("the provider's sign-in page asks for nothing that is missing (no /favicon.ico 404 in the console)", async () => {
    const app = await e2e.startApp('E2E Provider page', { env: { AUTH_MODE: 'oidc' } });
    const page = await (await e2e.open(app)).newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${app.url}/auth/login`);
    await page.getByText('Development identity provider').first().waitFor();
    await page.waitForLoadState('networkidle');
    // Without an icon of its own, Chromium asks the provider for /favicon.ico: a 404 logged as an error.
    expect(await page.locator('link[rel="icon"]').count()).toBe(1);
    expect(failed).toEqual([]);
  });
});

describe('sessions that end', () => {
  test('a page open past the end of its session shows a sign-in prompt, and signing in again brings the page back', async () => {
    // Tokens live 5 s, so the page asks for a new one 3 s after each. The session ends when Ada
    // signs out in another tab: the test decides when, not a timer racing the page's load (how
    // the idle timeout ends sessions is tested over HTTP, in sign-in-errors and the cluster).
    const app = await e2e.startApp('E2E Session end', {
      env: { AUTH_MODE: 'oidc', SANDBOX_TOKEN_TTL: '5' },
    });
    const context = await e2e.open(app);
    // Provoked on purpose: the browser logs the refused token request, and the element its error.
    context.expectConsoleError(/status of 401 \(Unauthorized\).*\/api\/token\/explorer/);
    context.expectConsoleError(/Signed out: sign in again to continue/);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    await page.getByRole('button', { name: /^Ada Lovelace/ }).click();
    await page.waitForURL(`${app.url}/explorer`);
    await explorerList(page);

    const otherTab = await context.newPage();
    await otherTab.goto(app.url);
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await otherTab.getByRole('link', { name: 'Sign in' }).first().waitFor();
    await otherTab.close();

    const signedOut = page.waitForResponse(
      (r) => r.url().endsWith('/api/token/explorer') && r.status() === 401,
      { timeout: 30_000 },
    );
    // The page stays open; the person does nothing for a while, then works again: sorting by size
    // makes the Explorer fetch the folder, with a new token since the one it listed with is due
    // (3 s after its answer, which came before the listing).
    await page.waitForTimeout(6000);
    await elementRegion(page, 'Content Explorer').getByRole('columnheader', { name: 'SIZE' }).click();
    await signedOut;
    const prompt = page.getByRole('alert').filter({ hasText: 'Your session has ended' });
    await prompt.waitFor();
    expect(await page.locator('#element').isHidden()).toBe(true);

    await prompt.getByRole('link', { name: 'Sign in again' }).click();
    // Signed out at the provider too: it asks who this is, then it is straight back to the page.
    await page.getByRole('button', { name: /^Ada Lovelace/ }).click();
    await page.waitForURL(`${app.url}/explorer`);
    await explorerList(page);
  }, 120_000);
});

describe('signing out', () => {
  test('Sign out ends the session here and at the provider; the pages then ask to sign in', async () => {
    const app = await e2e.startApp('E2E Sign-out', { env: { AUTH_MODE: 'oidc' } });
    const page = await (await e2e.open(app)).newPage();
    await page.goto(app.url);
    await signInAs(page, 'Grace Hopper');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();

    await page.goto(`${app.url}/uploader`);
    // Not signed in silently: the provider asks who you are again.
    await page.getByText('Development identity provider').waitFor();
    await page.getByRole('button', { name: /^Grace Hopper/ }).waitFor();
  });
});

function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' });
}
