import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import type { BoxApiError } from 'box-node-sdk/box';
import { deserializeCreateTaskRequestBody } from 'box-node-sdk/managers';
import { isBoxStatus } from './box-api-errors';

/** The enterprise metadata template the demo files carry (the metadata view's columns). */
export const DEMO_TEMPLATE = {
  scope: 'enterprise',
  templateKey: 'documentInfo',
  displayName: 'Document info',
  fields: [
    {
      type: 'enum',
      key: 'status',
      displayName: 'Status',
      options: [{ key: 'Draft' }, { key: 'In review' }, { key: 'Approved' }],
    },
    { type: 'string', key: 'owner', displayName: 'Owner' },
    { type: 'date', key: 'reviewDate', displayName: 'Review date' },
    {
      type: 'multiSelect',
      key: 'tags',
      displayName: 'Tags',
      options: [{ key: 'Product' }, { key: 'Sales' }, { key: 'Engineering' }, { key: 'Onboarding' }],
    },
  ],
} as const;

/** Each sample file's document info. */
const DOCUMENT_INFO: Record<string, { status: string; owner: string; reviewDate: string; tags: string[] }> = {
  'Box cube.png': { status: 'Approved', owner: 'Design', reviewDate: '2027-03-01', tags: ['Product'] },
  'Getting started.pdf': {
    status: 'Approved',
    owner: 'Docs team',
    reviewDate: '2027-02-15',
    tags: ['Onboarding'],
  },
  'Quarterly sales.csv': { status: 'In review', owner: 'Finance', reviewDate: '2027-01-10', tags: ['Sales'] },
  'Release notes.md': {
    status: 'Draft',
    owner: 'Engineering',
    reviewDate: '2026-12-20',
    tags: ['Engineering', 'Product'],
  },
  'Welcome.txt': { status: 'Approved', owner: 'Docs team', reviewDate: '2027-06-30', tags: ['Onboarding'] },
};

/** The file that gets a comment and a task, so the activity feed has something to show. */
const FEED_FILE = 'Release notes.md';
const WELCOME_COMMENT =
  'Welcome! Comments, tasks and versions of this file show up here. Reply, or add a task for yourself.';
const REVIEW_TASK = 'Review these release notes before they go out';

/**
 * Marks a folder as seeded completely (the last step of seeding): a folder without it is seeded
 * again, every step skipping what is already there, so a seed cut short by a crash is completed.
 * A folder with it is left as its person made it (a deleted sample stays deleted).
 */
const SEEDED_MARKER = { scope: 'global', templateKey: 'properties', key: 'demoSeeded', value: 'v1' } as const;

/** Does this folder carry the seeded marker? */
export async function isSeeded(client: BoxClient, folderId: string): Promise<boolean> {
  try {
    const marker = await client.folderMetadata.getFolderMetadataById(folderId, 'global', 'properties');
    return (
      (marker.extraData as Record<string, unknown> | undefined)?.[SEEDED_MARKER.key] === SEEDED_MARKER.value
    );
  } catch (err) {
    if (isBoxStatus(err, 404)) return false;
    throw err;
  }
}

/**
 * Fill the demo folder: the sample files, each with its document info, a comment and a task on
 * one of them, then the marker. Every step is idempotent: what exists is left as it is.
 * `ensureTemplate` makes the enterprise template exist (only the service account may).
 */
export async function seedDemoFolder(
  client: BoxClient,
  folderId: string,
  sampleDir: string,
  ensureTemplate: () => Promise<boolean>,
): Promise<void> {
  const files = new Map<string, string>();
  for (const name of readdirSync(sampleDir).sort())
    files.set(name, await uploadOnce(client, folderId, sampleDir, name));

  if (await ensureTemplate()) {
    for (const [name, id] of files) {
      const info = DOCUMENT_INFO[name];
      if (!info) continue;
      await createOnce(() =>
        client.fileMetadata.createFileMetadataById(id, 'enterprise', DEMO_TEMPLATE.templateKey, {
          ...info,
          reviewDate: `${info.reviewDate}T00:00:00.000Z`,
        }),
      );
    }
  }

  const feedFile = files.get(FEED_FILE);
  if (feedFile) await seedActivity(client, feedFile);

  await createOnce(() =>
    client.folderMetadata.createFolderMetadataById(folderId, 'global', 'properties', {
      [SEEDED_MARKER.key]: SEEDED_MARKER.value,
    }),
  );
}

/** A comment and a review task assigned to the folder's owner, unless the file has them. */
async function seedActivity(client: BoxClient, fileId: string): Promise<void> {
  const comments = await client.comments.getFileComments(fileId);
  if (!(comments.entries ?? []).some((c) => c.message === WELCOME_COMMENT))
    await client.comments.createComment({ message: WELCOME_COMMENT, item: { id: fileId, type: 'file' } });

  const tasks = await client.tasks.getFileTasks(fileId);
  if ((tasks.entries ?? []).some((t) => t.message === REVIEW_TASK)) return;
  const me = await client.users.getUserMe();
  // The request in Box's JSON: the SDK's public way to a due date (its DateTime has no public
  // constructor; the one it uses lives in box-node-sdk/internal).
  const task = await client.tasks.createTask(
    deserializeCreateTaskRequestBody({
      item: { id: fileId, type: 'file' },
      action: 'review',
      message: REVIEW_TASK,
      due_at: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    }),
  );
  await client.taskAssignments.createTaskAssignment({
    task: { id: task.id!, type: 'task' },
    assignTo: { id: me.id },
  });
}

/** The sample's id: uploaded now, or the one already there (Box names it in its 409). */
async function uploadOnce(
  client: BoxClient,
  folderId: string,
  sampleDir: string,
  name: string,
): Promise<string> {
  try {
    const uploaded = await client.uploads.uploadFile({
      attributes: { name, parent: { id: folderId } },
      file: createReadStream(path.join(sampleDir, name)),
    });
    return uploaded.entries![0]!.id;
  } catch (err) {
    const existing = isBoxStatus(err, 409) ? conflictId(err) : undefined;
    if (!existing) throw err;
    return existing;
  }
}

/** Create something that may exist already (a 409 says it does). */
async function createOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!isBoxStatus(err, 409)) throw err;
  }
}

/**
 * Make the demo template exist, as the service account (409: it does already). False when it
 * cannot be made (an enterprise whose app may not manage templates): the files then go without.
 */
export async function ensureDemoTemplate(service: BoxClient): Promise<boolean> {
  try {
    await service.metadataTemplates.getMetadataTemplate('enterprise', DEMO_TEMPLATE.templateKey);
    return true;
  } catch (err) {
    if (!isBoxStatus(err, 404)) throw err;
  }
  try {
    await service.metadataTemplates.createMetadataTemplate({
      ...DEMO_TEMPLATE,
      fields: DEMO_TEMPLATE.fields.map((f) => ({
        ...f,
        options: 'options' in f ? [...f.options] : undefined,
      })),
    });
    return true;
  } catch (err) {
    if (isBoxStatus(err, 409)) return true;
    if (isBoxStatus(err, 403)) return false;
    throw err;
  }
}

/** Box's 409 names the existing item: a list for folders, an object for files. */
export function conflictId(err: BoxApiError): string | undefined {
  return conflictItem(err)?.id;
}

/** The item a 409 `item_name_in_use` names, with its type when Box gives it. */
export function conflictItem(err: BoxApiError): { id: string; type?: string } | undefined {
  const context = (err.responseInfo.body as { context_info?: { conflicts?: unknown } } | undefined)
    ?.context_info;
  const conflicts = context?.conflicts;
  const first: unknown = Array.isArray(conflicts) ? conflicts[0] : conflicts;
  const { id, type } = (first ?? {}) as { id?: unknown; type?: unknown };
  if (typeof id !== 'string') return undefined;
  return typeof type === 'string' ? { id, type } : { id };
}
