import type { BoxClient } from 'box-node-sdk';
import type { UserFull } from 'box-node-sdk/schemas';
import { apiError, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Comments through box-node-sdk's `comments` manager (Box's public API): on a file, replies,
 * mentions, paging and `fields`, edits and deletes, a file's `comment_count` and
 * `permissions.can_comment`, and what is refused: bad bodies, other people's files, the trash and
 * tokens without the comment scope.
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
  parent = await folder('Comments');
});

const newFile = (name: string) => upload(name, parent, name).then((file) => file.id);
const onFile = (id: string) => ({ id, type: 'file' as const });

/** A token downscoped to a file, as the app hands one to Content Sidebar. */
const downscoped = async (scopes: string[], fileId: string) =>
  (await fixture.downscope(scopes, { file: fileId })).client;

const author = () => ({ type: 'user', id: me.id, name: me.name, login: me.login });

describe('creating comments', () => {
  test('a comment on a file answers 201 with Box’s Comment--Full', async () => {
    const fileId = await newFile('commented.txt');
    const comment = await client.comments.createComment({ message: 'Looks good', item: onFile(fileId) });
    expect(comment.rawData).toEqual({
      type: 'comment',
      id: expect.stringMatching(/^\d+$/),
      is_reply_comment: false,
      message: 'Looks good',
      created_by: author(),
      created_at: expect.stringMatching(/\+00:00$/),
      modified_at: expect.stringMatching(/\+00:00$/),
      item: { id: fileId, type: 'file' },
      tagged_message: 'Looks good',
    });
    const fetched = await client.comments.getCommentById(comment.id!);
    expect(fetched.rawData).toEqual(comment.rawData);
  });

  test('tagged_message keeps its @[id:name] mentions; message reads them as plain names', async () => {
    const fileId = await newFile('mentions.txt');
    const tagged = `@[${me.id}:${me.name}] please check the totals`;
    const comment = await client.comments.createComment({
      message: 'ignored when tagged_message is given',
      taggedMessage: tagged,
      item: onFile(fileId),
    });
    expect(comment.taggedMessage).toBe(tagged);
    expect(comment.message).toBe(`@${me.name} please check the totals`);
  });

  test('a reply (item.type comment) is a comment on the same file, is_reply_comment true', async () => {
    const fileId = await newFile('replied.txt');
    const thread = await client.comments.createComment({ message: 'Question?', item: onFile(fileId) });
    const reply = await client.comments.createComment({
      message: 'Answer.',
      item: { id: thread.id!, type: 'comment' },
    });
    expect(reply).toMatchObject({ isReplyComment: true, item: { id: fileId, type: 'file' } });
    // A reply to the reply joins the same thread (Box's threads are one level deep).
    const again = await client.comments.createComment({
      message: 'Thanks',
      item: { id: reply.id!, type: 'comment' },
    });
    const threads = await raw('GET', `/2.0/undoc/comments?file_id=${fileId}`);
    const entries = threads.body.entries as { id: string; replies: { id: string }[] }[];
    expect(entries.map((e) => e.id)).toEqual([thread.id]);
    expect(entries[0]!.replies.map((r) => r.id)).toEqual([reply.id, again.id]);
  });

  test('bad bodies are 400 bad_request naming the parameter', async () => {
    const fileId = await newFile('bad bodies.txt');
    const cases: [unknown, string, string][] = [
      [{ item: onFile(fileId) }, 'missing_parameter', 'message'],
      [{ message: '   ', item: onFile(fileId) }, 'invalid_parameter', 'message'],
      [{ message: 42, item: onFile(fileId) }, 'invalid_parameter', 'message'],
      [{ tagged_message: '', item: onFile(fileId) }, 'invalid_parameter', 'tagged_message'],
      [{ message: 'hi' }, 'missing_parameter', 'item'],
      [{ message: 'hi', item: { id: fileId, type: 'folder' } }, 'invalid_parameter', 'item'],
      [{ message: 'hi', item: { type: 'file' } }, 'missing_parameter', 'item.id'],
    ];
    for (const [body, reason, name] of cases) {
      const answer = await raw('POST', '/2.0/comments', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'bad_request',
        context_info: { errors: [{ reason, name }] },
      });
    }
    expect((await client.comments.getFileComments(fileId)).totalCount).toBe(0);
  });

  test('a file or comment that does not exist is 404', async () => {
    for (const item of [onFile('99999999999'), { id: '99999999999', type: 'comment' as const }]) {
      const error = await apiError(client.comments.createComment({ message: 'hi', item }));
      expect(error.status).toBe(404);
      expect(error.body.code).toBe('not_found');
    }
  });
});

describe('listing a file’s comments', () => {
  test('comments and replies together, oldest first; offset and limit page them; fields select', async () => {
    const fileId = await newFile('listed.txt');
    const first = await client.comments.createComment({ message: 'one', item: onFile(fileId) });
    await client.comments.createComment({ message: 'two', item: { id: first.id!, type: 'comment' } });
    await client.comments.createComment({ message: 'three', item: onFile(fileId) });
    const all = await client.comments.getFileComments(fileId);
    expect(all.totalCount).toBe(3);
    expect(all.entries!.map((c) => [c.message, c.isReplyComment])).toEqual([
      ['one', false],
      ['two', true],
      ['three', false],
    ]);
    const second = await client.comments.getFileComments(fileId, { queryParams: { offset: 1, limit: 1 } });
    expect(second.rawData).toMatchObject({ total_count: 3, offset: 1, limit: 1 });
    expect(second.entries!.map((c) => c.message)).toEqual(['two']);

    // What Content Sidebar asks for (COMMENTS_FIELDS_TO_FETCH).
    const fields = ['tagged_message', 'message', 'created_at', 'created_by', 'modified_at', 'permissions'];
    const sidebar = await client.comments.getFileComments(fileId, { queryParams: { fields, limit: 1000 } });
    expect((sidebar.rawData as { entries: unknown[] }).entries[0]).toEqual({
      type: 'comment',
      id: first.id,
      tagged_message: 'one',
      message: 'one',
      created_at: (first.rawData as Record<string, unknown>).created_at,
      created_by: author(),
      modified_at: (first.rawData as Record<string, unknown>).modified_at,
      permissions: { can_delete: true, can_edit: true, can_reply: true, can_resolve: true },
    });
  });

  test('an offset past 10,000 is 400', async () => {
    const fileId = await newFile('deep.txt');
    const error = await apiError(client.comments.getFileComments(fileId, { queryParams: { offset: 10001 } }));
    expect(error.status).toBe(400);
  });

  test('the file’s comment_count counts them all, and permissions.can_comment follows the token', async () => {
    const fileId = await newFile('counted.txt');
    const thread = await client.comments.createComment({ message: 'a', item: onFile(fileId) });
    await client.comments.createComment({ message: 'b', item: { id: thread.id!, type: 'comment' } });
    const info = await client.files.getFileById(fileId, {
      queryParams: { fields: ['comment_count', 'permissions'] },
    });
    expect(info.commentCount).toBe(2);
    expect(info.permissions!.canComment).toBe(true);
    const readOnly = await downscoped(['base_sidebar'], fileId);
    const seen = await readOnly.files.getFileById(fileId, { queryParams: { fields: ['permissions'] } });
    expect(seen.permissions!.canComment).toBe(false);
    const commenter = await downscoped(['base_sidebar', 'item_comment'], fileId);
    const allowed = await commenter.files.getFileById(fileId, { queryParams: { fields: ['permissions'] } });
    expect(allowed.permissions!.canComment).toBe(true);
  });
});

describe('editing and deleting', () => {
  test('PUT changes the text (message or tagged_message); DELETE answers 204 and takes the replies with it', async () => {
    const fileId = await newFile('edited.txt');
    const thread = await client.comments.createComment({ message: 'draft', item: onFile(fileId) });
    const reply = await client.comments.createComment({
      message: 'reply',
      item: { id: thread.id!, type: 'comment' },
    });
    const edited = await client.comments.updateCommentById(thread.id!, { requestBody: { message: 'final' } });
    expect(edited).toMatchObject({ message: 'final', taggedMessage: 'final' });
    const tagged = await raw('PUT', `/2.0/comments/${thread.id}`, { tagged_message: `@[${me.id}:Me] final` });
    expect(tagged.body).toMatchObject({ message: '@Me final', tagged_message: `@[${me.id}:Me] final` });
    const empty = await raw('PUT', `/2.0/comments/${thread.id}`, {});
    expect(empty.status).toBe(400);

    await client.comments.deleteCommentById(thread.id!);
    for (const id of [thread.id!, reply.id!]) {
      const error = await apiError(client.comments.getCommentById(id));
      expect(error.status).toBe(404);
      expect(error.body.message).toBe('Could not find the specified comment');
    }
    expect(
      (await client.files.getFileById(fileId, { queryParams: { fields: ['comment_count'] } })).commentCount,
    ).toBe(0);
  });

  test('a comment id that is not one is 404', async () => {
    for (const id of ['abc', '99999999999']) {
      expect((await apiError(client.comments.getCommentById(id))).status).toBe(404);
      expect((await apiError(client.comments.deleteCommentById(id))).status).toBe(404);
    }
  });
});

describe('who may comment', () => {
  test('another user’s file and its comments are 404 to an app user', async () => {
    const fileId = await newFile('private.txt');
    const comment = await client.comments.createComment({ message: 'mine', item: onFile(fileId) });
    const user = await client.users.createUser({ name: 'Other Person', isPlatformAccessOnly: true });
    const other = sdkFor(sandbox, user.id).client;
    const calls = [
      () => other.comments.getFileComments(fileId),
      () => other.comments.createComment({ message: 'hi', item: onFile(fileId) }),
      () => other.comments.createComment({ message: 'hi', item: { id: comment.id!, type: 'comment' } }),
      () => other.comments.getCommentById(comment.id!),
      () => other.comments.updateCommentById(comment.id!, { requestBody: { message: 'theirs' } }),
      () => other.comments.deleteCommentById(comment.id!),
    ];
    for (const call of calls) expect((await apiError(call())).status).toBe(404);
    expect((await client.comments.getCommentById(comment.id!)).message).toBe('mine');
  });

  test('without item_comment a token reads comments but gets 403 insufficient_scope writing them', async () => {
    const fileId = await newFile('scoped.txt');
    const comment = await client.comments.createComment({ message: 'kept', item: onFile(fileId) });
    const readOnly = await downscoped(['base_sidebar'], fileId);
    expect((await readOnly.comments.getFileComments(fileId)).totalCount).toBe(1);
    expect((await readOnly.comments.getCommentById(comment.id!)).message).toBe('kept');
    const writes = [
      () => readOnly.comments.createComment({ message: 'no', item: onFile(fileId) }),
      () => readOnly.comments.createComment({ message: 'no', item: { id: comment.id!, type: 'comment' } }),
      () => readOnly.comments.updateCommentById(comment.id!, { requestBody: { message: 'no' } }),
      () => readOnly.comments.deleteCommentById(comment.id!),
    ];
    for (const call of writes) {
      const error = await apiError(call());
      expect(error.status).toBe(403);
      expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    }
    expect((await client.comments.getCommentById(comment.id!)).message).toBe('kept');
    const commenter = await downscoped(['base_sidebar', 'item_comment'], fileId);
    const made = await commenter.comments.createComment({ message: 'yes', item: onFile(fileId) });
    expect(made.createdBy!.id).toBe(me.id);
  });

  test('a token downscoped to one file does not reach another file’s comments', async () => {
    const fileId = await newFile('inside.txt');
    const otherId = await newFile('outside.txt');
    const outside = await client.comments.createComment({ message: 'outside', item: onFile(otherId) });
    const token = await downscoped(['base_sidebar', 'item_comment'], fileId);
    expect((await apiError(token.comments.getFileComments(otherId))).status).toBe(404);
    expect((await apiError(token.comments.getCommentById(outside.id!))).status).toBe(404);
  });

  test('a file in the trash hides its comments (404) until it is restored', async () => {
    const fileId = await newFile('trashed.txt');
    const comment = await client.comments.createComment({ message: 'before', item: onFile(fileId) });
    await client.files.deleteFileById(fileId);
    expect((await apiError(client.comments.getCommentById(comment.id!))).status).toBe(404);
    expect((await apiError(client.comments.getFileComments(fileId))).body.code).toBe('trashed');
    await client.trashedFiles.restoreFileFromTrash(fileId);
    expect((await client.comments.getCommentById(comment.id!)).message).toBe('before');
  });
});
