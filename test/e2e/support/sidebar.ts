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
 * Box times things to the second, and Content Sidebar's activity feed sorts versions, comments and
 * tasks by those times (versions first among equals), collapsing versions that end up side by
 * side ("uploaded v1 - 2"); the version history takes the newest version as the current one. A
 * version made in the same second as the file's latest activity would tie with it: wait until
 * the second of the newest of the file's current version, comments and tasks is over.
 */
export async function afterLatestActivity(box: BoxClient, fileId: string): Promise<void> {
  const file = await box.files.getFileById(fileId, { queryParams: { fields: ['file_version'] } });
  const [version, comments, tasks] = await Promise.all([
    box.fileVersions.getFileVersionById(fileId, file.fileVersion!.id, {
      queryParams: { fields: ['created_at'] },
    }),
    box.comments.getFileComments(fileId, { queryParams: { fields: ['created_at'] } }),
    box.tasks.getFileTasks(fileId),
  ]);
  // The SDK's own dates are its DateTime objects; Box's strings are in each answer's rawData.
  type Timed = { created_at: string };
  const entriesOf = (answer: { rawData?: unknown }) =>
    (answer.rawData as { entries?: Timed[] }).entries ?? [];
  const times = [version.rawData as Timed, ...entriesOf(comments), ...entriesOf(tasks)].map((item) =>
    Date.parse(item.created_at),
  );
  if (times.some(Number.isNaN)) throw new Error(`a created_at that does not parse: ${times.join(', ')}`);
  const nextSecond = (Math.floor(Math.max(...times) / 1000) + 1) * 1000;
  const wait = nextSecond - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 10));
}
