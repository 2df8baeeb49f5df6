import type { BoxClient } from 'box-node-sdk';
import type { UserFull } from 'box-node-sdk/schemas';
import { noRetrySession, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * What Content Sidebar 26.3.0's activity feed calls, over raw HTTP as the element sends it, with
 * a token downscoped the way the app downscopes one for the sidebar: the undocumented task API
 * (`/undoc/tasks`, `/undoc/files/:id/linked_tasks`, `/undoc/task_collaborators`), threaded
 * comments (`/undoc/comments`, with `hasReplies`), mention and assignee search
 * (`/files/:id/collaborators`), and the fields of each answer the element reads. They share
 * their data with the public API: what one makes, the other shows.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let me: UserFull;
let parent: string;
beforeAll(async () => {
  ({ sandbox, client } = fixture);
  me = await client.users.getUserMe();
  parent = await folder('Sidebar');
});

const SIDEBAR_SCOPES = ['base_sidebar', 'item_comment', 'item_task', 'item_rename', 'item_upload'];

/** A new file and a token for it like the sidebar's. */
async function sidebarFile(name: string, scopes = SIDEBAR_SCOPES) {
  const file = await upload(name, parent, name);
  const token = await fixture.auth.downscopeToken(
    scopes,
    `https://api.box.com/2.0/files/${file.id}`,
    undefined,
    noRetrySession(sandbox),
  );
  return { fileId: file.id, versionId: file.fileVersion!.id, token: token.accessToken! };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read field by field, as the element reads them

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/2.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

/** The body of a request that must succeed with `status`. */
async function ok(token: string, method: string, path: string, body?: unknown, status = 200): Promise<Json> {
  const answer = await call(token, method, path, body);
  expect({ path, status: answer.status }).toEqual({ path, status });
  return answer.body;
}

const user = () => ({ type: 'user', id: me.id, name: me.name, login: me.login });

/** `createTaskWithDeps`'s body, as the element builds it. */
const newTask = (fileId: string, task: Json, assignees: string[] = [me.id]) => ({
  task: { completion_rule: 'ALL_ASSIGNEES', ...task },
  assigned_to: assignees.map((id) => ({ target: { type: 'user', id } })),
  task_links: [{ target: { id: fileId, type: 'file' } }],
});

// The element's own field lists (box-ui-elements/es/utils/fields.js).
const SIDEBAR_FIELDS =
  'id,name,size,extension,file_version,shared_link,permissions,content_created_at,content_modified_at,created_at,created_by,modified_at,modified_by,owned_by,description,metadata.global.boxSkillsCards,expires_at,version_limit,version_number,is_externally_owned,restored_from,authenticated_download_url,is_download_available,uploader_display_name';
const COMMENT_FIELDS = 'tagged_message,message,created_at,created_by,modified_at,permissions';

describe('what the sidebar loads', () => {
  test('the file with the sidebar’s fields: can_comment with item_comment, the details panel’s fields', async () => {
    const { fileId, token } = await sidebarFile('details.txt');
    const file = await ok(token, 'GET', `/files/${fileId}?fields=${SIDEBAR_FIELDS}`);
    expect(file.permissions).toMatchObject({ can_comment: true, can_rename: true, can_upload: true });
    expect(file).toMatchObject({
      size: 'details.txt'.length,
      owned_by: user(),
      created_by: user(),
      modified_by: user(),
      description: '',
      version_number: '1',
      restored_from: null,
      uploader_display_name: me.name,
      expires_at: null,
    });
    expect(file).not.toHaveProperty('classification');
    const readOnly = await sidebarFile('read only.txt', ['base_sidebar']);
    const seen = await ok(readOnly.token, 'GET', `/files/${readOnly.fileId}?fields=permissions`);
    expect(seen.permissions).toMatchObject({ can_comment: false, can_rename: false });
  });

  test('the feed with default options: versions, the current version, comments and linked tasks', async () => {
    const { fileId, versionId, token } = await sidebarFile('feed.txt');
    const thread = await client.comments.createComment({
      message: 'First!',
      item: { id: fileId, type: 'file' },
    });
    await client.comments.createComment({ message: 'Reply', item: { id: thread.id!, type: 'comment' } });
    const task = await client.tasks.createTask({
      item: { id: fileId, type: 'file' },
      action: 'complete',
      message: 'Proofread',
    });
    await client.taskAssignments.createTaskAssignment({
      task: { id: task.id!, type: 'task' },
      assignTo: { id: me.id },
    });

    const versions = await ok(
      token,
      'GET',
      `/files/${fileId}/versions?offset=0&limit=1000&fields=created_at,extension,is_download_available,modified_at,modified_by,name,restored_at,restored_by,size,trashed_at,trashed_by,uploader_display_name,version_number`,
    );
    expect(versions).toMatchObject({ total_count: 0, entries: [] });
    const current = await ok(
      token,
      'GET',
      `/files/${fileId}/versions/${versionId}?fields=authenticated_download_url,created_at,extension,is_download_available,modified_at,modified_by,name,permissions,promoted_by,restored_at,restored_by,retention,size,trashed_at,trashed_by,uploader_display_name,version_number`,
    );
    expect(current).toMatchObject({ id: versionId, version_number: '1' });

    // Without hasReplies the feed lists comments through the public API, replies among them.
    const comments = await ok(
      token,
      'GET',
      `/files/${fileId}/comments?offset=0&limit=1000&fields=${COMMENT_FIELDS}`,
    );
    expect(comments.total_count).toBe(2);
    expect(comments.entries[0]).toEqual({
      type: 'comment',
      id: thread.id,
      tagged_message: 'First!',
      message: 'First!',
      created_at: expect.stringMatching(/\+00:00$/),
      created_by: user(),
      modified_at: expect.stringMatching(/\+00:00$/),
      permissions: { can_delete: true, can_edit: true, can_reply: true, can_resolve: true },
    });

    const linked = await ok(token, 'GET', `/undoc/files/${fileId}/linked_tasks?limit=1000`);
    expect(linked).toMatchObject({ limit: 1000, next_marker: null });
    expect(linked.entries).toHaveLength(1);
    const [entry] = linked.entries;
    expect(entry).toEqual({
      type: 'task',
      id: task.id,
      description: 'Proofread',
      due_at: null,
      created_at: expect.stringMatching(/\+00:00$/),
      modified_at: expect.stringMatching(/\+00:00$/),
      completed_at: null,
      completion_rule: 'ALL_ASSIGNEES',
      task_type: 'GENERAL',
      status: 'NOT_STARTED',
      created_by: {
        type: 'task_collaborator',
        id: task.id,
        target: user(),
        role: 'CREATOR',
        status: 'NOT_STARTED',
      },
      assigned_to: {
        entries: [
          {
            type: 'task_collaborator',
            id: expect.stringMatching(/^\d+$/),
            target: user(),
            role: 'ASSIGNEE',
            status: 'NOT_STARTED',
            completed_at: null,
            permissions: { can_delete: true, can_update: true },
          },
        ],
        limit: 1,
        next_marker: null,
      },
      task_links: {
        entries: [
          {
            type: 'task_link',
            id: task.id,
            target: expect.objectContaining({ type: 'file', id: fileId, name: 'feed.txt' }),
            permissions: { can_delete: false, can_update: false },
          },
        ],
        limit: 1,
        next_marker: null,
      },
      permissions: {
        can_update: true,
        can_delete: true,
        can_create_task_collaborator: true,
        can_create_task_link: false,
      },
    });
  });

  test('app activity is not offered: 404, which the element reads as an enterprise without it', async () => {
    const { fileId, token } = await sidebarFile('apps.txt');
    const answer = await call(
      token,
      'GET',
      `/app_activities?item_id=${fileId}&item_type=file&marker=&limit=1000`,
    );
    expect(answer.status).toBe(404);
  });
});

describe('tasks made in the sidebar', () => {
  test('with_dependencies makes the task, its assignee and its link in one request; the public API shows it', async () => {
    const { fileId, token } = await sidebarFile('sidebar task.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, {
        description: 'Approve the budget',
        due_at: '2031-01-02T03:04:05.000Z',
        task_type: 'APPROVAL',
      }),
      201,
    );
    // Bare lists here: the element wraps them in collections itself.
    expect(created).toMatchObject({
      description: 'Approve the budget',
      due_at: '2031-01-02T03:04:05+00:00',
      task_type: 'APPROVAL',
      status: 'NOT_STARTED',
      assigned_to: [{ target: user(), role: 'ASSIGNEE', status: 'NOT_STARTED' }],
      task_links: [{ type: 'task_link', target: expect.objectContaining({ id: fileId }) }],
    });
    const [publicTask] = (await client.tasks.getFileTasks(fileId)).entries!;
    expect(publicTask).toMatchObject({
      id: created.id,
      action: 'review',
      message: 'Approve the budget',
      completionRule: 'all_assignees',
      isCompleted: false,
    });
    expect(publicTask!.taskAssignmentCollection!.entries![0]!.id).toBe(created.assigned_to[0].id);
  });

  test('answering in the sidebar (task_collaborators status) completes the task for both APIs', async () => {
    const { fileId, token } = await sidebarFile('answered in sidebar.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { description: 'Check it', task_type: 'APPROVAL' }),
      201,
    );
    const assignee = created.assigned_to[0].id as string;
    const answered = await ok(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status: 'APPROVED' });
    expect(answered).toMatchObject({
      id: assignee,
      status: 'APPROVED',
      completed_at: expect.stringMatching(/\+00:00$/),
    });
    const task = await ok(token, 'GET', `/undoc/tasks/${created.id}`);
    expect(task).toMatchObject({ status: 'APPROVED', completed_at: answered.completed_at });
    expect(task.assigned_to.entries[0].status).toBe('APPROVED');
    const publicTask = await client.tasks.getTaskById(created.id);
    expect(publicTask.isCompleted).toBe(true);
    expect(publicTask.taskAssignmentCollection!.entries![0]!.resolutionState).toBe('approved');
    // Taking the answer back reopens it.
    await ok(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status: 'NOT_STARTED' });
    expect((await client.tasks.getTaskById(created.id)).isCompleted).toBe(false);
  });

  test('an answered task collaborator cannot be removed (400), through either sidebar path; unanswered, it can', async () => {
    const { fileId, token } = await sidebarFile('answered not removed.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { description: 'Keep the answer', task_type: 'APPROVAL' }),
      201,
    );
    const assignee = created.assigned_to[0].id as string;
    await ok(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status: 'APPROVED' });
    const refused = await call(token, 'DELETE', `/undoc/task_collaborators/${assignee}`);
    expect(refused).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'bad_request', message: expect.stringContaining('resolved') },
    });
    const batch = await call(token, 'PUT', `/undoc/tasks/${created.id}/with_dependencies`, [
      { op: 'delete_task_collaborator', id: assignee },
    ]);
    expect(batch).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'bad_request', message: expect.stringContaining('resolved') },
    });
    const kept = await ok(token, 'GET', `/undoc/tasks/${created.id}`);
    expect(kept.assigned_to.entries).toHaveLength(1);
    expect(kept.assigned_to.entries[0]).toMatchObject({ id: assignee, status: 'APPROVED' });

    await ok(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status: 'NOT_STARTED' });
    await ok(token, 'DELETE', `/undoc/task_collaborators/${assignee}`, undefined, 204);
    expect((await ok(token, 'GET', `/undoc/tasks/${created.id}`)).assigned_to.entries).toHaveLength(0);
  });

  test('a general task is COMPLETED, never APPROVED; an unknown status is 400', async () => {
    const { fileId, token } = await sidebarFile('general in sidebar.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { description: 'Do it', task_type: 'GENERAL', completion_rule: 'ANY_ASSIGNEE' }),
      201,
    );
    const assignee = created.assigned_to[0].id as string;
    for (const status of ['APPROVED', 'DONE', 42]) {
      expect((await call(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status })).status).toBe(
        400,
      );
    }
    await ok(token, 'PUT', `/undoc/task_collaborators/${assignee}`, { status: 'COMPLETED' });
    expect((await ok(token, 'GET', `/undoc/tasks/${created.id}`)).status).toBe('COMPLETED');
  });

  test('editing: with_dependencies operations apply in order, all or nothing', async () => {
    const { fileId, token } = await sidebarFile('edited in sidebar.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { description: 'v1', task_type: 'GENERAL' }),
      201,
    );
    const assignee = created.assigned_to[0].id as string;
    const failing = await call(token, 'PUT', `/undoc/tasks/${created.id}/with_dependencies`, [
      { op: 'update_task', payload: { description: 'never', completion_rule: 'ANY_ASSIGNEE', due_at: null } },
      { op: 'delete_task_collaborator', id: assignee },
      { op: 'rename_task' },
    ]);
    expect(failing.status).toBe(400);
    const unchanged = await ok(token, 'GET', `/undoc/tasks/${created.id}`);
    expect(unchanged).toMatchObject({ description: 'v1', completion_rule: 'ALL_ASSIGNEES' });
    expect(unchanged.assigned_to.entries).toHaveLength(1);

    await ok(token, 'PUT', `/undoc/tasks/${created.id}/with_dependencies`, [
      {
        op: 'update_task',
        payload: { description: 'v2', completion_rule: 'ANY_ASSIGNEE', due_at: '2032-05-06T00:00:00.000Z' },
      },
      { op: 'delete_task_collaborator', id: assignee },
      { op: 'add_task_collaborator', payload: { target: { type: 'user', id: me.id } } },
    ]);
    const edited = await ok(token, 'GET', `/undoc/tasks/${created.id}`);
    expect(edited).toMatchObject({
      description: 'v2',
      completion_rule: 'ANY_ASSIGNEE',
      due_at: '2032-05-06T00:00:00+00:00',
    });
    expect(edited.assigned_to.entries).toHaveLength(1);
    expect(edited.assigned_to.entries[0].id).not.toBe(assignee);
    const group = await call(token, 'PUT', `/undoc/tasks/${created.id}/with_dependencies`, [
      { op: 'add_task_collaborators_expand_group', payload: { target: { type: 'group', id: '1' } } },
    ]);
    expect(group.status).toBe(404);
  });

  test('task collaborators: listed, added, removed; a group cannot be expanded (the sandbox has none)', async () => {
    const { fileId, token } = await sidebarFile('collaborators.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { task_type: 'GENERAL' }, []),
      201,
    );
    const added = await ok(
      token,
      'POST',
      '/undoc/task_collaborators',
      { task: { type: 'task', id: created.id }, target: { type: 'user', id: me.id } },
      201,
    );
    expect(added).toMatchObject({ type: 'task_collaborator', role: 'ASSIGNEE', target: user() });
    const listed = await ok(
      token,
      'GET',
      `/undoc/tasks/${created.id}/task_collaborators?role=ASSIGNEE&limit=1000`,
    );
    expect(listed.entries.map((e: Json) => e.id)).toEqual([added.id]);
    const group = await call(token, 'POST', '/undoc/task_collaborators/expand_group', {
      task: { type: 'task', id: created.id },
      target: { type: 'group', id: '12345' },
    });
    expect(group).toMatchObject({ status: 404, body: { message: 'Could not find the specified group' } });
    await ok(token, 'DELETE', `/undoc/task_collaborators/${added.id}`, undefined, 204);
    expect(
      (await ok(token, 'GET', `/undoc/tasks/${created.id}/task_collaborators?role=ASSIGNEE`)).entries,
    ).toEqual([]);
  });

  test('deleting in the sidebar deletes it for the public API', async () => {
    const { fileId, token } = await sidebarFile('deleted in sidebar.txt');
    const created = await ok(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, { task_type: 'GENERAL' }),
      201,
    );
    await ok(token, 'DELETE', `/undoc/tasks/${created.id}`, undefined, 204);
    expect((await client.tasks.getFileTasks(fileId)).totalCount).toBe(0);
    expect((await call(token, 'GET', `/undoc/tasks/${created.id}`)).status).toBe(404);
  });

  test('bad bodies are 400 naming the parameter; an assignee who cannot reach the file is 403', async () => {
    const { fileId, token } = await sidebarFile('bad sidebar tasks.txt');
    const link = [{ target: { id: fileId, type: 'file' } }];
    const cases: [Json, string][] = [
      [{ task_links: link }, 'task'],
      [{ task: { task_type: 'GENERAL' } }, 'task_links'],
      [{ task: { task_type: 'GENERAL' }, task_links: [...link, ...link] }, 'task_links'],
      [
        { task: { task_type: 'GENERAL' }, task_links: [{ target: { id: parent, type: 'folder' } }] },
        'task_links',
      ],
      [{ task: { task_type: 'REVIEW' }, task_links: link }, 'task_type'],
      [{ task: { completion_rule: 'SOME' }, task_links: link }, 'completion_rule'],
      [{ task: { due_at: 'soon' }, task_links: link }, 'due_at'],
      [{ task: {}, task_links: link, assigned_to: 'me' }, 'assigned_to'],
      [{ task: {}, task_links: link, assigned_to: [{ target: { type: 'robot', id: '1' } }] }, 'assigned_to'],
    ];
    for (const [body, name] of cases) {
      const answer = await call(token, 'POST', '/undoc/tasks/with_dependencies', body);
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      expect(answer.body.context_info.errors[0].name).toBe(name);
    }
    const group = await call(token, 'POST', '/undoc/tasks/with_dependencies', {
      ...newTask(fileId, {}),
      assigned_to: [{ target: { type: 'group', id: '7' } }],
    });
    expect(group.status).toBe(404);
    const other = await client.users.createUser({ name: 'Outside Person', isPlatformAccessOnly: true });
    const outsider = await call(
      token,
      'POST',
      '/undoc/tasks/with_dependencies',
      newTask(fileId, {}, [other.id]),
    );
    expect(outsider).toMatchObject({ status: 403, body: { code: 'access_denied_insufficient_permissions' } });
    // All or nothing: none of these made a task.
    expect((await client.tasks.getFileTasks(fileId)).totalCount).toBe(0);
  });

  test('without item_task: tasks are listed, not made or answered (403); another user’s are 404', async () => {
    const { fileId, token } = await sidebarFile('no task scope.txt', ['base_sidebar', 'item_comment']);
    const task = await client.tasks.createTask({ item: { id: fileId, type: 'file' } });
    const assignment = await client.taskAssignments.createTaskAssignment({
      task: { id: task.id!, type: 'task' },
      assignTo: { id: me.id },
    });
    expect((await ok(token, 'GET', `/undoc/files/${fileId}/linked_tasks?limit=1000`)).entries).toHaveLength(
      1,
    );
    // Nothing offered to a token that may not change tasks.
    const [listed] = (await ok(token, 'GET', `/undoc/files/${fileId}/linked_tasks`)).entries;
    expect(listed.permissions).toMatchObject({ can_update: false, can_delete: false });
    expect(listed.assigned_to.entries[0].permissions).toEqual({ can_delete: false, can_update: false });
    const refusals = [
      call(token, 'POST', '/undoc/tasks/with_dependencies', newTask(fileId, {})),
      call(token, 'PUT', `/undoc/task_collaborators/${assignment.id}`, { status: 'APPROVED' }),
      call(token, 'DELETE', `/undoc/tasks/${task.id}`),
    ];
    for (const answer of await Promise.all(refusals))
      expect(answer).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });

    const stranger = await client.users.createUser({ name: 'Stranger', isPlatformAccessOnly: true });
    const strangerToken = (await sdkFor(sandbox, stranger.id).auth.retrieveToken(noRetrySession(sandbox)))
      .accessToken!;
    for (const path of [
      `/undoc/files/${fileId}/linked_tasks`,
      `/undoc/tasks/${task.id}`,
      `/undoc/tasks/${task.id}/task_collaborators`,
    ])
      expect((await call(strangerToken, 'GET', path)).status).toBe(404);
  });
});

describe('threaded comments (hasReplies)', () => {
  test('comments with their replies, total_reply_count, mentions in message; replies listed and made', async () => {
    const { fileId, token } = await sidebarFile('threads.txt');
    const tagged = `@[${me.id}:${me.name}] what do you think?`;
    const thread = await ok(token, 'POST', `/undoc/comments?file_id=${fileId}`, { message: tagged }, 201);
    expect(thread).toMatchObject({
      type: 'comment',
      message: tagged,
      created_by: user(),
      status: 'open',
      total_reply_count: 0,
      replies: [],
      permissions: { can_delete: true, can_edit: true, can_reply: true, can_resolve: true },
    });
    const reply = await ok(
      token,
      'POST',
      `/undoc/comments/${thread.id}/replies?file_id=${fileId}`,
      { message: 'Fine' },
      201,
    );
    expect(reply).toMatchObject({
      message: 'Fine',
      parent: { type: 'comment', id: thread.id },
      permissions: { can_reply: false, can_resolve: false },
    });
    const listed = await ok(token, 'GET', `/undoc/comments?file_id=${fileId}&marker=&limit=1000`);
    expect(listed).toMatchObject({ limit: 1000, next_marker: null });
    expect(listed.entries).toHaveLength(1);
    expect(listed.entries[0]).toMatchObject({
      id: thread.id,
      total_reply_count: 1,
      replies: [{ id: reply.id }],
    });
    expect(
      (await ok(token, 'GET', `/undoc/comments/${thread.id}/replies`)).entries.map((e: Json) => e.id),
    ).toEqual([reply.id]);
    expect((await ok(token, 'GET', `/undoc/comments/${thread.id}`)).replies).toHaveLength(1);
    // The public API sees both, the mention as plain text.
    const publicList = await client.comments.getFileComments(fileId);
    expect(publicList.entries!.map((c) => [c.message, c.isReplyComment])).toEqual([
      [`@${me.name} what do you think?`, false],
      ['Fine', true],
    ]);
  });

  test('marker paging of threads', async () => {
    const { fileId, token } = await sidebarFile('paged threads.txt');
    for (const message of ['a', 'b', 'c'])
      await ok(token, 'POST', `/undoc/comments?file_id=${fileId}`, { message }, 201);
    const first = await ok(token, 'GET', `/undoc/comments?file_id=${fileId}&limit=2`);
    expect(first.entries.map((e: Json) => e.message)).toEqual(['a', 'b']);
    const second = await ok(
      token,
      'GET',
      `/undoc/comments?file_id=${fileId}&limit=2&marker=${first.next_marker}`,
    );
    expect(second).toMatchObject({ next_marker: null, entries: [{ message: 'c' }] });
    expect((await call(token, 'GET', `/undoc/comments?file_id=${fileId}&marker=bogus`)).status).toBe(400);
  });

  test('edit, resolve and reopen a thread; a reply has no status; deleting a thread deletes its replies', async () => {
    const { fileId, token } = await sidebarFile('resolved.txt');
    const thread = await ok(
      token,
      'POST',
      `/undoc/comments?file_id=${fileId}`,
      { message: 'Typo on p.2' },
      201,
    );
    const reply = await ok(token, 'POST', `/undoc/comments/${thread.id}/replies`, { message: 'Fixed' }, 201);
    expect(await ok(token, 'PUT', `/undoc/comments/${thread.id}`, { status: 'resolved' })).toMatchObject({
      status: 'resolved',
    });
    expect(
      await ok(token, 'PUT', `/undoc/comments/${thread.id}`, { message: 'Typo on p.3', status: 'open' }),
    ).toMatchObject({
      status: 'open',
      message: 'Typo on p.3',
    });
    for (const [id, body] of [
      [reply.id, { status: 'resolved' }],
      [thread.id, { status: 'closed' }],
      [thread.id, {}],
    ] as const)
      expect((await call(token, 'PUT', `/undoc/comments/${id}`, body)).status).toBe(400);
    await ok(token, 'DELETE', `/undoc/comments/${thread.id}`, undefined, 204);
    expect((await call(token, 'GET', `/undoc/comments/${reply.id}`)).status).toBe(404);
    expect((await client.comments.getFileComments(fileId)).totalCount).toBe(0);
  });

  test('file_id is required; without item_comment threads are read, not written (403)', async () => {
    const { fileId, token } = await sidebarFile('no comment scope.txt', ['base_sidebar', 'item_task']);
    const existing = await client.comments.createComment({
      message: 'Hello',
      item: { id: fileId, type: 'file' },
    });
    expect((await call(token, 'GET', '/undoc/comments')).status).toBe(400);
    expect((await ok(token, 'GET', `/undoc/comments?file_id=${fileId}`)).entries).toHaveLength(1);
    const writes = [
      call(token, 'POST', `/undoc/comments?file_id=${fileId}`, { message: 'no' }),
      call(token, 'POST', `/undoc/comments/${existing.id}/replies`, { message: 'no' }),
      call(token, 'PUT', `/undoc/comments/${existing.id}`, { status: 'resolved' }),
      call(token, 'DELETE', `/undoc/comments/${existing.id}`),
    ];
    for (const answer of await Promise.all(writes)) expect(answer.status).toBe(403);
  });
});

describe('mention and assignee search (/files/:id/collaborators)', () => {
  test('the file’s owner, when what was typed starts their name, a word of it or their login', async () => {
    const { fileId, token } = await sidebarFile('mentions.txt');
    const search = (term: string) =>
      ok(
        token,
        'GET',
        `/files/${fileId}/collaborators?filter_term=${encodeURIComponent(term)}&include_groups=false&include_uploader_collabs=false&respect_hidden_collabs=false&marker=&limit=25`,
      );
    const lastWord = me.name!.split(' ').pop()!;
    for (const term of [me.name!.slice(0, 3), lastWord.toUpperCase(), me.login!.slice(0, 6)])
      expect(await search(term)).toEqual({ entries: [user()], limit: 25, next_marker: null });
    expect((await search('zzz')).entries).toEqual([]);
    const stranger = await client.users.createUser({ name: 'Nosy', isPlatformAccessOnly: true });
    const strangerToken = (await sdkFor(sandbox, stranger.id).auth.retrieveToken(noRetrySession(sandbox)))
      .accessToken!;
    expect((await call(strangerToken, 'GET', `/files/${fileId}/collaborators?filter_term=a`)).status).toBe(
      404,
    );
  });
});
