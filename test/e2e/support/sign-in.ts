import type { Page } from 'playwright-core';
import { WORDS, type Words } from './pages';

/**
 * From any page of the app: Sign in, choose the person on the dev identity provider's page, back
 * to the app (`words`: the pages' language).
 */
export async function signInAs(page: Page, name: string, words: Words = WORDS.en): Promise<void> {
  await page.getByRole('link', { name: words.signIn }).first().click();
  await page.getByText(words.provider).first().waitFor();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('button', { name: words.signOut }).waitFor();
}
