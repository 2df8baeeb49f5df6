import type { BoxClient } from 'box-node-sdk';
import type { Locator, Page } from 'playwright-core';

/**
 * Content Sidebar, on the Sidebar page or beside Content Preview: the same element, driven
 * through its own tabs, forms and menus.
 */

/** The sidebar inside the page's element region, once its tabs are there. */
export async function contentSidebar(page: Page): Promise<Locator> {
  const sidebar = page.locator('#element aside.bcs');
  await sidebar.getByRole('tab', { name: 'Activity' }).waitFor();
  return sidebar;
}

/** Open one of its panels by its tab (Activity, Details, Metadata). */
export async function openPanel(sidebar: Locator, name: 'Activity' | 'Details' | 'Metadata'): Promise<void> {
  await sidebar.getByRole('tab', { name }).click();
  await sidebar.locator('.bcs-content-header').getByText(name, { exact: true }).waitFor();
}

/** An item of the activity feed: a comment with its replies, a task, by the text it shows. */
export const feedItem = (sidebar: Locator, text: string): Locator =>
  sidebar.locator('.bcs-activity-feed li').filter({ hasText: text });

/**
 * Type into a comment box (the feed's, or the reply box of a thread) and post it. The box is a
 * rich-text editor, so it is typed into as a person would, not filled.
 */
export async function postComment(scope: Locator, text: string): Promise<void> {
  await scope.getByRole('textbox').last().click();
  await scope.page().keyboard.type(text);
  await scope.getByRole('button', { name: 'Post' }).click();
}

/** The feed's own comment box, at its foot. */
export const commentBox = (sidebar: Locator): Locator => sidebar.locator('.bcs-activity-feed-comment-input');

/** A metadata instance's card in the metadata panel, by its template's name. */
export const metadataCard = (sidebar: Locator, template: string): Locator =>
  sidebar.locator('.collapsible-card').filter({ hasText: template });

/** A metadata card's fields as name → value, as the panel shows them (read-only). */
export function fieldValues(card: Locator): Promise<Record<string, string>> {
  return card.evaluate((element) =>
    Object.fromEntries(
      Array.from(element.querySelectorAll('dl.bdl-ReadOnlyMetadataField')).map((field) => [
        field.querySelector('dt')?.textContent?.trim() ?? '',
        field.querySelector('dd')?.textContent?.trim() ?? '',
      ]),
    ),
  );
}

/** The version history panel's rows, newest first: "V2", whether current, what it says, size. */
export async function versionRows(
  sidebar: Locator,
): Promise<{ version: string; current: boolean; log: string; size: string }[]> {
  return sidebar.locator('.bcs-VersionsItem').evaluateAll((items) =>
    items.map((item) => {
      const text = (selector: string) => item.querySelector(selector)?.textContent?.trim() ?? '';
      return {
        version: text('.bcs-VersionsItem-badge'),
        current: item.querySelector('.bcs-VersionsItem-current') !== null,
        log: text('.bcs-VersionsItem-log'),
        size: text('.bcs-VersionsItem-size'),
      };
    }),
  );
}

/**
 * Box times versions to the second, and the version history takes the newest one as the current
 * one: a version made in the same second as the one before ties with it, and may be shown as
 * the past one. Wait until the second in which the file's current version was made is over.
 */
export async function afterCurrentVersion(box: BoxClient, fileId: string): Promise<void> {
  const file = await box.files.getFileById(fileId, { queryParams: { fields: ['file_version'] } });
  const version = await box.fileVersions.getFileVersionById(fileId, file.fileVersion!.id, {
    queryParams: { fields: ['created_at'] },
  });
  const createdAt = (version.rawData as { created_at: string }).created_at;
  const nextSecond = (Math.floor(Date.parse(createdAt) / 1000) + 1) * 1000;
  const wait = nextSecond - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 10));
}
