import type { BoxClient } from 'box-node-sdk';
import { deserializeCreateTaskRequestBody } from 'box-node-sdk/managers';
import type { Task, UserFull } from 'box-node-sdk/schemas';
import { apiError, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Tasks and task assignments through box-node-sdk's `tasks` and `taskAssignments` managers
 * (Box's public API): create, list, read, change and delete tasks; assign them by id or login;
 * answer them (approve or reject a review, complete the other kind); `is_completed`; and what is
 * refused: bad bodies, answers the task does not take, people who cannot reach the file, other
 * users' files and tokens without the task scope.
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let me: UserFull;
let parent: string;
beforeAll(async () => {
  ({ sandbox, client } = fixture);
  me = await client.users.getUserMe();
  parent = await folder('Tasks');
});

const newFile = (name: string) => upload(name, parent, name).then((file) => file.id);
const onFile = (id: string) => ({ id, type: 'file' as const });

const downscoped = async (scopes: string[], fileId: string) =>
  (await fixture.downscope(scopes, { file: fileId })).client;

const mini = () => ({ type: 'user', id: me.id, name: me.name, login: me.login });

/** A task on a new file, assigned to its owner (the one person who can reach the file). */
async function assignedTask(name: string, action: 'review' | 'complete') {
  const fileId = await newFile(name);
  const task = await client.tasks.createTask({ item: onFile(fileId), action, message: `${action} it` });
  const assignment = await client.taskAssignments.createTaskAssignment({
    task: { id: task.id!, type: 'task' },
    assignTo: { id: me.id },
  });
  return { fileId, task, assignment };
}

const isCompleted = async (task: Task) => (await client.tasks.getTaskById(task.id!)).isCompleted;

describe('tasks', () => {
  test('a new task answers 201 in Box’s Task shape, with the defaults Box documents', async () => {
    const fileId = await newFile('task shape.txt');
    const task = await client.tasks.createTask({ item: onFile(fileId) });
    const file = await client.files.getFileById(fileId, {
      queryParams: { fields: ['sha1', 'file_version'] },
    });
    expect(task.rawData).toEqual({
      type: 'task',
      id: expect.stringMatching(/^\d+$/),
      item: {
        type: 'file',
        id: fileId,
        sequence_id: expect.any(String),
        etag: expect.any(String),
        name: 'task shape.txt',
        sha1: file.sha1,
        file_version: { type: 'file_version', id: file.fileVersion!.id, sha1: file.sha1 },
      },
      due_at: null,
      action: 'review',
      message: '',
      task_assignment_collection: { total_count: 0, entries: [] },
      is_completed: false,
      created_by: mini(),
      created_at: expect.stringMatching(/\+00:00$/),
      completion_rule: 'all_assignees',
    });
  });

  test('action, message, due_at and completion_rule are kept; GET and the file’s list show the task', async () => {
    const fileId = await newFile('kept.txt');
    // In Box's JSON: the SDK's public way to a due date (its DateTime has no public constructor).
    const task = await client.tasks.createTask(
      deserializeCreateTaskRequestBody({
        item: { id: fileId, type: 'file' },
        action: 'complete',
        message: 'Sign page 2',
        completion_rule: 'any_assignee',
        due_at: '2031-03-04T05:06:07.000Z',
      }),
    );
    expect(task.rawData).toMatchObject({
      action: 'complete',
      message: 'Sign page 2',
      due_at: '2031-03-04T05:06:07+00:00',
      completion_rule: 'any_assignee',
    });
    expect((await client.tasks.getTaskById(task.id!)).rawData).toEqual(task.rawData);
    const list = await client.tasks.getFileTasks(fileId);
    expect(list.totalCount).toBe(1);
    expect(list.entries!.map((t) => t.id)).toEqual([task.id]);
  });

  test('PUT changes what it is given; DELETE answers 204 and its assignments go with it', async () => {
    const { task, assignment } = await assignedTask('changed.txt', 'review');
    const changed = await client.tasks.updateTaskById(task.id!, {
      requestBody: { message: 'Review section 3', completionRule: 'any_assignee' },
    });
    expect(changed).toMatchObject({
      message: 'Review section 3',
      completionRule: 'any_assignee',
      action: 'review',
    });
    const due = await raw('PUT', `/2.0/tasks/${task.id}`, { due_at: '2030-01-01T10:00:00-08:00' });
    expect(due.body.due_at).toBe('2030-01-01T18:00:00+00:00');
    expect((await raw('PUT', `/2.0/tasks/${task.id}`, { due_at: null })).body.due_at).toBeNull();
    await client.tasks.deleteTaskById(task.id!);
    expect((await apiError(client.tasks.getTaskById(task.id!))).body.message).toBe(
      'Could not find the specified task',
    );
    expect((await apiError(client.taskAssignments.getTaskAssignmentById(assignment.id!))).status).toBe(404);
  });

  test('a task’s action cannot change once an assignee has answered', async () => {
    const { task, assignment } = await assignedTask('answered.txt', 'review');
    await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'approved' },
    });
    const refused = await raw('PUT', `/2.0/tasks/${task.id}`, { action: 'complete' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'bad_request',
      context_info: { errors: [{ name: 'action' }] },
    });
  });

  test('bad bodies are 400 bad_request naming the parameter, and make nothing', async () => {
    const fileId = await newFile('bad tasks.txt');
    const cases: [unknown, string, string][] = [
      [{}, 'missing_parameter', 'item'],
      [{ item: { id: fileId, type: 'folder' } }, 'invalid_parameter', 'item'],
      [{ item: { type: 'file' } }, 'missing_parameter', 'item.id'],
      [{ item: onFile(fileId), action: 'approve' }, 'invalid_parameter', 'action'],
      [{ item: onFile(fileId), completion_rule: 'most' }, 'invalid_parameter', 'completion_rule'],
      [{ item: onFile(fileId), due_at: 'tomorrow' }, 'invalid_parameter', 'due_at'],
      [{ item: onFile(fileId), message: 7 }, 'invalid_parameter', 'message'],
    ];
    for (const [body, reason, name] of cases) {
      const answer = await raw('POST', '/2.0/tasks', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'bad_request',
        context_info: { errors: [{ reason, name }] },
      });
    }
    expect((await client.tasks.getFileTasks(fileId)).totalCount).toBe(0);
  });
});

describe('task assignments', () => {
  test('assigning by id answers 201 in Box’s TaskAssignment shape; the task lists it', async () => {
    const { fileId, task, assignment } = await assignedTask('assigned.txt', 'review');
    expect(assignment.rawData).toEqual({
      type: 'task_assignment',
      id: expect.stringMatching(/^\d+$/),
      item: expect.objectContaining({ type: 'file', id: fileId }),
      assigned_to: mini(),
      message: 'review it',
      completed_at: null,
      assigned_at: expect.stringMatching(/\+00:00$/),
      reminded_at: null,
      resolution_state: 'incomplete',
      assigned_by: mini(),
    });
    const listed = await client.taskAssignments.getTaskAssignments(task.id!);
    expect(listed.totalCount).toBe(1);
    expect(listed.entries![0]!.id).toBe(assignment.id);
    expect((await client.tasks.getTaskById(task.id!)).taskAssignmentCollection!.entries![0]!.id).toBe(
      assignment.id,
    );
    expect((await client.taskAssignments.getTaskAssignmentById(assignment.id!)).rawData).toEqual(
      assignment.rawData,
    );
  });

  test('by login too (an email: case does not matter); the same person twice is 409', async () => {
    const fileId = await newFile('by login.txt');
    const task = await client.tasks.createTask({ item: onFile(fileId) });
    const assignment = await client.taskAssignments.createTaskAssignment({
      task: { id: task.id!, type: 'task' },
      assignTo: { login: me.login!.toUpperCase() },
    });
    expect(assignment.assignedTo!.id).toBe(me.id);
    const twice = await apiError(
      client.taskAssignments.createTaskAssignment({
        task: { id: task.id!, type: 'task' },
        assignTo: { id: me.id },
      }),
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('conflict');
  });

  test('only someone who can reach the file can be assigned: another user is 403, nobody is 404', async () => {
    const fileId = await newFile('reach.txt');
    const task = await client.tasks.createTask({ item: onFile(fileId) });
    const user = await client.users.createUser({ name: 'Not A Collaborator', isPlatformAccessOnly: true });
    const outsider = await apiError(
      client.taskAssignments.createTaskAssignment({
        task: { id: task.id!, type: 'task' },
        assignTo: { id: user.id },
      }),
    );
    expect(outsider.status).toBe(403);
    expect(outsider.body.code).toBe('access_denied_insufficient_permissions');
    for (const assignTo of [{ id: '99999999999' }, { login: 'nobody@example.com' }]) {
      const error = await apiError(
        client.taskAssignments.createTaskAssignment({ task: { id: task.id!, type: 'task' }, assignTo }),
      );
      expect(error.status).toBe(404);
    }
    expect((await client.taskAssignments.getTaskAssignments(task.id!)).totalCount).toBe(0);
  });

  test('bad bodies are 400; an unknown task is 404', async () => {
    const cases: [unknown, string][] = [
      [{ assign_to: { id: me.id } }, 'task'],
      [{ task: { id: '1', type: 'file' }, assign_to: { id: me.id } }, 'task'],
      [{ task: { type: 'task' }, assign_to: { id: me.id } }, 'task.id'],
      [{ task: { id: '1', type: 'task' } }, 'assign_to'],
      [{ task: { id: '1', type: 'task' }, assign_to: {} }, 'assign_to'],
    ];
    for (const [body, name] of cases) {
      const answer = await raw('POST', '/2.0/task_assignments', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'bad_request', context_info: { errors: [{ name }] } });
    }
    const unknown = await apiError(
      client.taskAssignments.createTaskAssignment({
        task: { id: '99999999999', type: 'task' },
        assignTo: { id: me.id },
      }),
    );
    expect(unknown.status).toBe(404);
  });

  test('a review is approved or rejected: is_completed follows; completed_at is set, and cleared when taken back', async () => {
    const { task, assignment } = await assignedTask('review.txt', 'review');
    const approved = await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'approved', message: 'LGTM' },
    });
    expect(approved.rawData).toMatchObject({
      resolution_state: 'approved',
      message: 'LGTM',
      completed_at: expect.stringMatching(/\+00:00$/),
    });
    expect(await isCompleted(task)).toBe(true);
    const reopened = await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'incomplete' },
    });
    expect(reopened.rawData).toMatchObject({
      resolution_state: 'incomplete',
      completed_at: null,
      message: 'LGTM',
    });
    expect(await isCompleted(task)).toBe(false);
    await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'rejected' },
    });
    expect(await isCompleted(task)).toBe(true);
    const refused = await apiError(
      client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
        requestBody: { resolutionState: 'completed' },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'bad_request',
      context_info: { errors: [{ name: 'resolution_state' }] },
    });
  });

  test('a general task is completed, never approved or rejected', async () => {
    const { task, assignment } = await assignedTask('general.txt', 'complete');
    for (const resolutionState of ['approved', 'rejected'] as const) {
      const refused = await apiError(
        client.taskAssignments.updateTaskAssignmentById(assignment.id!, { requestBody: { resolutionState } }),
      );
      expect(refused.status).toBe(400);
    }
    expect(await isCompleted(task)).toBe(false);
    await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'completed' },
    });
    expect(await isCompleted(task)).toBe(true);
    const unknown = await raw('PUT', `/2.0/task_assignments/${assignment.id}`, { resolution_state: 'done' });
    expect(unknown.status).toBe(400);
  });

  test('a completed task takes no new assignment (403), and keeps its answered assignment (400)', async () => {
    const { task, assignment } = await assignedTask('done.txt', 'complete');
    await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'completed' },
    });
    const assignAgain = () =>
      raw('POST', '/2.0/task_assignments', { task: { id: task.id, type: 'task' }, assign_to: { id: me.id } });
    expect(await assignAgain()).toMatchObject({
      status: 403,
      body: { code: 'access_denied_insufficient_permissions', message: 'The task is completed' },
    });
    expect((await apiError(client.taskAssignments.deleteTaskAssignmentById(assignment.id!))).status).toBe(
      400,
    );
    expect((await client.taskAssignments.getTaskAssignments(task.id!)).totalCount).toBe(1);
    expect(await isCompleted(task)).toBe(true);
  });

  // Box refuses to delete an assignment once it is resolved (box-node-sdk's taskAssignments test
  // expects it); Box documents no status, so the sandbox answers 400 bad_request.
  test('a resolved assignment (approved, rejected, completed) cannot be deleted: 400; an unanswered one can (204)', async () => {
    const { task, assignment } = await assignedTask('resolved.txt', 'review');
    for (const resolutionState of ['approved', 'rejected'] as const) {
      await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
        requestBody: { resolutionState },
      });
      const refused = await raw('DELETE', `/2.0/task_assignments/${assignment.id}`);
      expect(refused).toMatchObject({
        status: 400,
        body: { type: 'error', code: 'bad_request', message: expect.stringContaining('resolved') },
      });
      expect((await client.taskAssignments.getTaskAssignmentById(assignment.id!)).resolutionState).toBe(
        resolutionState,
      );
    }
    // Back to unanswered, it can go; and the task, with nobody left to answer, is open again.
    await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'incomplete' },
    });
    await client.taskAssignments.deleteTaskAssignmentById(assignment.id!);
    expect((await client.taskAssignments.getTaskAssignments(task.id!)).totalCount).toBe(0);
    expect(await isCompleted(task)).toBe(false);
  });

  // box-node-sdk's own taskAssignments test, step by step: approve, then the delete is refused.
  test('the SDK’s create, get, list, approve, refused delete', async () => {
    const fileId = await newFile('sdk flow.pdf');
    const task = await client.tasks.createTask({
      item: onFile(fileId),
      message: 'test message',
      action: 'review',
      completionRule: 'all_assignees',
    });
    const assignment = await client.taskAssignments.createTaskAssignment({
      task: { type: 'task', id: task.id! },
      assignTo: { id: me.id },
    });
    expect(assignment.item!.id).toBe(fileId);
    expect(assignment.assignedTo!.id).toBe(me.id);
    expect((await client.taskAssignments.getTaskAssignmentById(assignment.id!)).id).toBe(assignment.id);
    expect((await client.taskAssignments.getTaskAssignments(task.id!)).totalCount).toBe(1);
    const updated = await client.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { message: 'updated message', resolutionState: 'approved' },
    });
    expect(updated).toMatchObject({ message: 'updated message', resolutionState: 'approved' });
    const refused = await apiError(client.taskAssignments.deleteTaskAssignmentById(assignment.id!));
    expect(refused.status).toBe(400);
    expect((await client.taskAssignments.getTaskAssignments(task.id!)).totalCount).toBe(1);
  });
});

describe('who may see and change tasks', () => {
  test('another user’s file, tasks and assignments are 404 to an app user', async () => {
    const { fileId, task, assignment } = await assignedTask('private task.txt', 'review');
    const user = await client.users.createUser({ name: 'Someone Else', isPlatformAccessOnly: true });
    const other = sdkFor(sandbox, user.id).client;
    const calls = [
      () => other.tasks.getFileTasks(fileId),
      () => other.tasks.createTask({ item: onFile(fileId) }),
      () => other.tasks.getTaskById(task.id!),
      () => other.tasks.updateTaskById(task.id!, { requestBody: { message: 'theirs' } }),
      () => other.tasks.deleteTaskById(task.id!),
      () => other.taskAssignments.getTaskAssignments(task.id!),
      () =>
        other.taskAssignments.createTaskAssignment({
          task: { id: task.id!, type: 'task' },
          assignTo: { id: user.id },
        }),
      () => other.taskAssignments.getTaskAssignmentById(assignment.id!),
      () =>
        other.taskAssignments.updateTaskAssignmentById(assignment.id!, {
          requestBody: { resolutionState: 'approved' },
        }),
      () => other.taskAssignments.deleteTaskAssignmentById(assignment.id!),
    ];
    for (const call of calls) expect((await apiError(call())).status).toBe(404);
    expect((await client.taskAssignments.getTaskAssignmentById(assignment.id!)).resolutionState).toBe(
      'incomplete',
    );
  });

  test('without item_task a token reads tasks but gets 403 insufficient_scope changing them', async () => {
    const { fileId, task, assignment } = await assignedTask('scoped task.txt', 'review');
    const readOnly = await downscoped(['base_sidebar', 'item_comment'], fileId);
    expect((await readOnly.tasks.getFileTasks(fileId)).totalCount).toBe(1);
    expect((await readOnly.taskAssignments.getTaskAssignmentById(assignment.id!)).id).toBe(assignment.id);
    const writes = [
      () => readOnly.tasks.createTask({ item: onFile(fileId) }),
      () => readOnly.tasks.updateTaskById(task.id!, { requestBody: { message: 'no' } }),
      () => readOnly.tasks.deleteTaskById(task.id!),
      () =>
        readOnly.taskAssignments.createTaskAssignment({
          task: { id: task.id!, type: 'task' },
          assignTo: { id: me.id },
        }),
      () =>
        readOnly.taskAssignments.updateTaskAssignmentById(assignment.id!, {
          requestBody: { resolutionState: 'approved' },
        }),
      () => readOnly.taskAssignments.deleteTaskAssignmentById(assignment.id!),
    ];
    for (const call of writes) {
      const error = await apiError(call());
      expect(error.status).toBe(403);
      expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    }
    const tasker = await downscoped(['base_sidebar', 'item_task'], fileId);
    const answered = await tasker.taskAssignments.updateTaskAssignmentById(assignment.id!, {
      requestBody: { resolutionState: 'approved' },
    });
    expect(answered.resolutionState).toBe('approved');
  });

  test('a file in the trash hides its tasks', async () => {
    const { fileId, task } = await assignedTask('trashed task.txt', 'review');
    await client.files.deleteFileById(fileId);
    expect((await apiError(client.tasks.getTaskById(task.id!))).status).toBe(404);
    await client.trashedFiles.restoreFileFromTrash(fileId);
    expect((await client.tasks.getTaskById(task.id!)).id).toBe(task.id);
  });
});
