import { statSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import type { Page } from 'playwright-core';
import { byteStream, sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { DEMO_FILES } from './support/app';
import { useE2e } from './support/e2e';
import { boxAnswer, boxSize } from './support/elements';
import {
  afterLatestActivity,
  commentBox,
  contentSidebar,
  feedItem,
  fieldValues,
  metadataCard,
  openPanel,
  postComment,
  versionRows,
} from './support/sidebar';

/**
 * The Sidebar page (`/sidebar?fileId=`): Content Sidebar on its own, used through its own UI,
 * and every change checked at the sandbox through box-node-sdk.
 */
const e2e = useE2e();

/** The file the demo seeding gives a comment and a review task. */
const FEED_FILE = 'Release notes.md';
const WELCOME = 'Welcome! Comments, tasks and versions of this file show up here.';
const REVIEW_TASK = 'Review these release notes before they go out';

interface Opened {
  page: Page;
  fileId: string;
  /** The demo folder's owner (AUTH_MODE=none: the service account), as box-node-sdk. */
  box: BoxClient;
}

/** A fresh app, and its Sidebar page on one of the demo files. */
async function openSidebarPage(folderName: string, fileName = FEED_FILE): Promise<Opened> {
  const app = await e2e.startApp(folderName);
  const file = (await app.items()).find((item) => item.name === fileName);
  if (!file) throw new Error(`${fileName} is not in the demo folder`);
  const page = await (await e2e.open(app)).newPage();
  await page.goto(`${app.url}/sidebar?fileId=${file.id}`);
  return { page, fileId: file.id, box: sdkFor(app.sandbox!).client };
}

describe('Content Sidebar on its own page', () => {
  test('shows the seeded comment and review task, and the document info in its metadata panel', async () => {
    const { page } = await openSidebarPage('E2E Sidebar seeded');
    const sidebar = await contentSidebar(page);
    // The chooser lists the folder's files, with this one chosen.
    const chooser = page.getByRole('listbox', { name: 'File' });
    await chooser.getByRole('option', { name: 'Welcome.txt' }).waitFor();
    expect(await chooser.getByRole('option', { selected: true }).innerText()).toBe(FEED_FILE);

    await feedItem(sidebar, WELCOME).waitFor();
    const task = feedItem(sidebar, REVIEW_TASK);
    await task.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await task.getByRole('button', { name: 'Reject' }).count()).toBe(1);

    await openPanel(sidebar, 'Metadata');
    const card = metadataCard(sidebar, 'Document info');
    await card.getByText('Draft', { exact: true }).waitFor();
    expect(await fieldValues(card)).toEqual({
      Status: 'Draft',
      Owner: 'Engineering',
      'Review date': 'December 20, 2026',
      Tags: 'Engineering, Product',
    });
  });

  test('a comment is added, replied to and deleted in the feed; Box has each change', async () => {
    const { page, fileId, box } = await openSidebarPage('E2E Sidebar comments');
    const sidebar = await contentSidebar(page);
    await feedItem(sidebar, WELCOME).waitFor();
    const commentsAtBox = async () =>
      ((await box.comments.getFileComments(fileId)).entries ?? []).map((c) => ({
        message: c.message,
        reply: c.isReplyComment,
      }));

    const posted = boxAnswer(page, 'POST', /^\/2\.0\/undoc\/comments$/);
    await postComment(commentBox(sidebar), 'Shipping on Friday');
    await posted;
    await feedItem(sidebar, 'Shipping on Friday').waitFor();
    expect(await commentsAtBox()).toEqual([
      { message: expect.stringContaining('Welcome!'), reply: false },
      { message: 'Shipping on Friday', reply: false },
    ]);

    // Reply in the comment's own thread (activitySidebarProps.hasReplies).
    const thread = feedItem(sidebar, 'Shipping on Friday');
    await thread.getByRole('button', { name: 'Reply' }).click();
    const replied = boxAnswer(page, 'POST', /^\/2\.0\/undoc\/comments\/\d+\/replies$/);
    await postComment(thread, 'Friday works for me');
    await replied;
    await thread.getByText('Friday works for me', { exact: true }).waitFor();
    expect(await commentsAtBox()).toContainEqual({ message: 'Friday works for me', reply: true });

    // Read back from Box: after a reload, the thread shows the comment and its reply.
    await page.reload();
    const reloaded = await contentSidebar(page);
    const again = feedItem(reloaded, 'Shipping on Friday');
    await again.getByText('Friday works for me', { exact: true }).waitFor();

    // Delete the comment from its menu, confirmed in the element's dialog: its reply goes too.
    await again.getByTestId('comment-actions-menu').first().click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'permanently delete this comment' });
    const deleted = boxAnswer(page, 'DELETE', /^\/2\.0\/undoc\/comments\/\d+$/);
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await deleted;
    await reloaded.getByText('Shipping on Friday', { exact: true }).waitFor({ state: 'detached' });
    expect(await commentsAtBox()).toEqual([{ message: expect.stringContaining('Welcome!'), reply: false }]);
  });

  test('a task is created for yourself and completed in the feed; the seeded review is approved', async () => {
    const { page, fileId, box } = await openSidebarPage('E2E Sidebar tasks');
    const sidebar = await contentSidebar(page);
    await feedItem(sidebar, REVIEW_TASK).waitFor();

    await sidebar.getByRole('button', { name: 'Add Task' }).click();
    await page.getByRole('menuitem', { name: /General Task/ }).click();
    const form = page.getByRole('dialog', { name: 'Create General Task' });
    // Assignees come from the file's collaborators: here, its owner (the person themselves).
    await form.getByRole('combobox').first().fill('UI');
    await page.getByRole('option', { name: /UI Elements Sandbox/ }).click();
    await form.getByRole('textbox', { name: 'Message' }).fill('Check the figures');
    const created = boxAnswer(page, 'POST', /\/undoc\/tasks\/with_dependencies$/);
    await form.getByRole('button', { name: 'Create' }).click();
    await created;
    await form.waitFor({ state: 'detached' });

    const tasksAtBox = async () => (await box.tasks.getFileTasks(fileId)).entries ?? [];
    const made = (await tasksAtBox()).find((t) => t.message === 'Check the figures');
    expect(made).toMatchObject({ action: 'complete', isCompleted: false });
    const assignments = () =>
      box.taskAssignments.getTaskAssignments(made!.id!).then((page) => page.entries ?? []);
    expect((await assignments()).map((a) => a.resolutionState)).toEqual(['incomplete']);

    const task = feedItem(sidebar, 'Check the figures');
    const completed = boxAnswer(page, 'PUT', /\/undoc\/task_collaborators\/\d+$/);
    await task.getByRole('button', { name: 'Mark as Complete' }).click();
    await completed;
    await task.getByText('COMPLETED', { exact: true }).waitFor();
    expect((await assignments()).map((a) => a.resolutionState)).toEqual(['completed']);
    expect((await tasksAtBox()).find((t) => t.id === made!.id)?.isCompleted).toBe(true);

    // The seeded review task, assigned to the folder's owner: approved from its card.
    const review = feedItem(sidebar, REVIEW_TASK);
    const approved = boxAnswer(page, 'PUT', /\/undoc\/task_collaborators\/\d+$/);
    await review.getByRole('button', { name: 'Approve' }).click();
    await approved;
    await review.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
    const seeded = (await tasksAtBox()).find((t) => t.message === REVIEW_TASK)!;
    const answers = (await box.taskAssignments.getTaskAssignments(seeded.id!)).entries ?? [];
    expect(answers.map((a) => a.resolutionState)).toEqual(['approved']);
  });

  test('a metadata field edited in the metadata panel is saved at Box, the other fields kept', async () => {
    const { page, fileId, box } = await openSidebarPage('E2E Sidebar metadata');
    const sidebar = await contentSidebar(page);
    await openPanel(sidebar, 'Metadata');
    const card = metadataCard(sidebar, 'Document info');
    await card.getByRole('button', { name: 'Edit Metadata' }).click();
    await card.getByRole('textbox', { name: 'Owner' }).fill('Release team');
    const saved = boxAnswer(page, 'PUT', /\/files\/\d+\/metadata\/enterprise_\d+\/documentInfo$/);
    await card.getByRole('button', { name: 'Save' }).click();
    await saved;
    await card.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
    expect((await fieldValues(card)).Owner).toBe('Release team');

    const instance = await box.fileMetadata.getFileMetadataById(fileId, 'enterprise', 'documentInfo');
    expect(instance.extraData).toMatchObject({
      status: 'Draft',
      owner: 'Release team',
      reviewDate: '2026-12-20T00:00:00.000Z',
      tags: ['Engineering', 'Product'],
      // One change: the instance's version went up by one.
      $version: 1,
    });
  });

  test('after a new version is uploaded, the version history lists both; the old one is made current', async () => {
    const { page, fileId, box } = await openSidebarPage('E2E Sidebar versions');
    await contentSidebar(page);
    const first = await box.files.getFileById(fileId, { queryParams: { fields: ['file_version', 'sha1'] } });
    // A new version through the API while the page is open; the page shows it once reloaded.
    const second = '# Release notes\n\nA second version.\n';
    await afterLatestActivity(box, fileId);
    await box.uploads.uploadFileVersion(fileId, {
      attributes: { name: FEED_FILE },
      file: byteStream(second),
    });
    await page.reload();
    const sidebar = await contentSidebar(page);
    await openPanel(sidebar, 'Details');
    await sidebar.getByRole('button', { name: '2 Saved Versions' }).click();
    await sidebar.locator('.bcs-VersionsItem').nth(1).waitFor();
    expect(await versionRows(sidebar)).toEqual([
      { version: 'V2', current: true, log: 'Uploaded by UI Elements Sandbox', size: boxSize(second.length) },
      {
        version: 'V1',
        current: false,
        log: 'Uploaded by UI Elements Sandbox',
        size: boxSize(statSync(path.join(DEMO_FILES, FEED_FILE)).size),
      },
    ]);

    // V1's own menu: Make Current. Box makes a copy of it the new current version (V3).
    await afterLatestActivity(box, fileId);
    await sidebar
      .locator('.bcs-VersionsItem')
      .nth(1)
      .getByRole('button', { name: 'Toggle Actions Menu' })
      .click();
    const promoted = boxAnswer(page, 'POST', /\/files\/\d+\/versions\/current$/);
    await page.getByRole('menuitem', { name: 'Make Current' }).click();
    await promoted;
    await sidebar.locator('.bcs-VersionsItem').nth(2).waitFor();
    const rows = await versionRows(sidebar);
    expect(rows.map((r) => [r.version, r.current])).toEqual([
      ['V3', true],
      ['V2', false],
      ['V1', false],
    ]);
    expect(rows[0]!.log).toBe('Promoted from v1 by UI Elements Sandbox');

    const now = await box.files.getFileById(fileId, {
      queryParams: { fields: ['version_number', 'sha1', 'restored_from', 'file_version'] },
    });
    expect(now.rawData).toMatchObject({
      version_number: '3',
      sha1: first.sha1,
      restored_from: { id: first.fileVersion!.id },
    });
    const past = (await box.fileVersions.getFileVersions(fileId)).entries ?? [];
    expect(past.map((v) => v.id)).toContain(first.fileVersion!.id);
    expect(past).toHaveLength(2);
  });
});

describe("the file's classification in the details", () => {
  test('a file classified at Box shows its label and definition in the Details panel; an unclassified one shows none', async () => {
    const { page, fileId, box } = await openSidebarPage('E2E Sidebar classification', 'Welcome.txt');
    await box.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Sensitive' },
    });
    // The page reads the classification when it loads: load it again now that the file has one.
    await page.reload();
    let sidebar = await contentSidebar(page);
    await openPanel(sidebar, 'Details');
    const section = sidebar.locator('.bcs-SidebarClassification');
    await section.getByText('Sensitive', { exact: true }).waitFor();
    await section.getByText('Sensitive information').waitFor();

    const other = (
      await box.folders.getFolderItems((await box.files.getFileById(fileId)).parent!.id)
    ).entries!.find((item) => (item as { name?: string }).name === 'Release notes.md')!;
    await page.goto(page.url().replace(fileId, other.id));
    sidebar = await contentSidebar(page);
    await openPanel(sidebar, 'Details');
    // The classification is handed to the element when it is made: once the panel shows, it is final.
    await sidebar.locator('.bcs-details').getByText('File Properties').waitFor();
    expect(await sidebar.locator('.bcs-SidebarClassification').count()).toBe(0);
  });
});
