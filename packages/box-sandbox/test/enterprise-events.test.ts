import { dateTimeFromString } from 'box-node-sdk/internal';
import type { Event } from 'box-node-sdk/schemas';
import { apiError, byteStream, sandboxSession, sdkFor, sdkWithToken, useSandbox } from './support/sandbox';

/**
 * Box's enterprise event stream, `GET /events?stream_type=admin_logs` (and `admin_logs_streaming`),
 * through box-node-sdk's `events.getEvents`: what it records, in Box's enterprise shapes (UPLOAD
 * and EDIT with `additional_details` naming the app and the version, an event source for items,
 * the user for NEW_USER, EDIT_USER and DELETE_USER), `event_type`, `created_after`/`created_before`, paging
 * by string positions, and who may read it (the enterprise's admin only).
 */

const box = useSandbox();

type Raw = Record<string, unknown>;
/** An event as the SDK read it, with its JSON as the sandbox sent it. */
type Seen = Event & { raw: Raw };

/** The events of a `getEvents` answer, each with its JSON. */
function seen(events: { entries?: readonly Event[]; rawData?: unknown }): Seen[] {
  const json = (events.rawData as { entries: Raw[] }).entries;
  return (events.entries ?? []).map((event, i) => ({ ...event, raw: json[i]! }));
}
const raw = (event: Seen) => event.raw;

/** The enterprise's events of these types after `position`. */
async function adminEvents(types: string[], position = '0'): Promise<Seen[]> {
  const events = await box.client.events.getEvents({
    streamType: 'admin_logs',
    eventType: types as never[],
    streamPosition: position,
    limit: 500,
  });
  return seen(events);
}

const sdkTime = (date: Date) => dateTimeFromString(date.toISOString());

/** Where the enterprise stream is now. */
async function now(): Promise<string> {
  const events = await box.client.events.getEvents({ streamType: 'admin_logs', streamPosition: 'now' });
  expect(events.entries).toEqual([]);
  return String(events.nextStreamPosition);
}

test('UPLOAD: a new file (and a new folder) in Box’s enterprise shape, with the app and the version', async () => {
  const start = await now();
  const me = await box.client.users.getUserMe();
  const folder = await box.folder('Enterprise uploads');
  const file = await box.upload('quarterly.txt', folder, 'twelve bytes');

  const [folderEvent, fileEvent, ...rest] = await adminEvents(['UPLOAD'], start);
  expect(rest).toEqual([]);
  expect(raw(fileEvent!)).toEqual({
    type: 'event',
    event_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    created_by: { type: 'user', id: me.id, name: me.name, login: me.login },
    created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
    event_type: 'UPLOAD',
    ip_address: '127.0.0.1',
    session_id: null,
    source: {
      item_type: 'file',
      item_id: file.id,
      item_name: 'quarterly.txt',
      parent: { type: 'folder', name: 'Enterprise uploads', id: folder },
      owned_by: { type: 'user', id: me.id, name: me.name, login: me.login },
    },
    additional_details: {
      service_id: expect.stringMatching(/^\d+$/),
      service_name: me.name,
      size: 12,
      version_id: file.fileVersion!.id,
    },
    action_by: null,
  });
  // The SDK reads the source as Box's EventSource: what box-node-sdk's own test checks.
  expect(fileEvent!.source).toMatchObject({ itemType: 'file', itemId: file.id, itemName: 'quarterly.txt' });
  expect(fileEvent!.additionalDetails!.service_id).not.toBe('');
  // A folder's creation is an UPLOAD too; it names the app, and no version.
  expect(raw(folderEvent!)).toMatchObject({
    event_type: 'UPLOAD',
    source: { item_type: 'folder', item_id: folder, parent: { type: 'folder', name: 'All Files', id: '0' } },
    additional_details: { service_id: expect.any(String), service_name: me.name },
  });
  expect(raw(folderEvent!).additional_details).not.toHaveProperty('version_id');
});

test('the enterprise names changes its own way: EDIT, RENAME, MOVE, COPY, DELETE, UNDELETE, SHARE, DOWNLOAD', async () => {
  const start = await now();
  const folder = await box.folder('Enterprise changes');
  const file = await box.upload('draft.txt', '0', 'one');
  const version = await box.client.uploads.uploadFileVersion(file.id, {
    attributes: { name: 'draft.txt' },
    file: byteStream('two!'),
  });
  await box.client.files.updateFileById(file.id, { requestBody: { name: 'final.txt' } });
  await box.client.files.updateFileById(file.id, { requestBody: { parent: { id: folder } } });
  await box.client.files.copyFile(file.id, { parent: { id: '0' } });
  await box.client.sharedLinksFiles.addShareLinkToFile(
    file.id,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  await box.client.downloads.downloadFile(file.id);
  await box.client.files.deleteFileById(file.id);
  await box.raw('POST', `/2.0/files/${file.id}`);

  const events = seen(await box.client.events.getEvents({ streamType: 'admin_logs', streamPosition: start }));
  expect(events.map((e) => e.eventType)).toEqual([
    'UPLOAD',
    'UPLOAD',
    'EDIT',
    'RENAME',
    'MOVE',
    'COPY',
    'SHARE',
    'DOWNLOAD',
    'DELETE',
    'UNDELETE',
  ]);
  // A new version is an EDIT, with that version's size and id.
  expect(raw(events[2]!).additional_details).toMatchObject({
    size: 4,
    version_id: version.entries![0]!.fileVersion!.id,
  });
  expect(raw(events[4]!).source).toMatchObject({ item_name: 'final.txt', parent: { id: folder } });
});

test('NEW_USER and DELETE_USER: the user is the source, and the event outlives the user', async () => {
  const start = await now();
  const me = await box.client.users.getUserMe();
  const user = await box.client.users.createUser({ name: 'Short Stay', isPlatformAccessOnly: true });
  const asUser = sdkFor(box.sandbox, user.id).client;
  await asUser.folders.createFolder({ name: 'Left behind', parent: { id: '0' } });
  await box.client.users.deleteUserById(user.id, { queryParams: { force: true } });

  const events = await adminEvents(['NEW_USER', 'DELETE_USER', 'UPLOAD'], start);
  expect(events.map((e) => e.eventType)).toEqual(['NEW_USER', 'UPLOAD', 'DELETE_USER']);
  const userMini = { type: 'user', id: user.id, name: 'Short Stay', login: user.login };
  expect(raw(events[0]!)).toMatchObject({ source: userMini, created_by: { id: me.id } });
  expect(raw(events[2]!)).toMatchObject({ source: userMini, created_by: { id: me.id } });
  // What box-node-sdk's own test reads: the source as a User.
  expect(events[2]!.source).toMatchObject({ type: 'user', id: user.id });
  // The deleted user's own event is still there, by them, as they were.
  expect(raw(events[1]!)).toMatchObject({ created_by: userMini, source: { owned_by: userMini } });
});

test('EDIT_USER: a changed user, as changed, is the source', async () => {
  const start = await now();
  const me = await box.client.users.getUserMe();
  const user = await box.client.users.createUser({ name: 'Before Edit', isPlatformAccessOnly: true });
  await box.client.users.updateUserById(user.id, { requestBody: { name: 'After Edit' } });

  const events = await adminEvents(['NEW_USER', 'EDIT_USER'], start);
  expect(events.map((e) => e.eventType)).toEqual(['NEW_USER', 'EDIT_USER']);
  expect(raw(events[1]!)).toMatchObject({
    event_type: 'EDIT_USER',
    source: { type: 'user', id: user.id, name: 'After Edit', login: user.login },
    created_by: { id: me.id },
  });
  // A refused change records nothing.
  const beforeRefused = await now();
  const refused = await box.raw('PUT', `/2.0/users/${user.id}`, { name: '' });
  expect(refused.status).toBe(400);
  expect(await adminEvents(['EDIT_USER'], beforeRefused)).toEqual([]);
});

test('event_type, limit and string positions page through the stream', async () => {
  const start = await now();
  for (const name of ['a', 'b', 'c']) await box.folder(`Paged ${name}`);
  const first = await box.client.events.getEvents({
    streamType: 'admin_logs',
    eventType: ['UPLOAD'],
    streamPosition: start,
    limit: 2,
  });
  expect(first.chunkSize).toBe(2);
  expect(typeof (first.rawData as { next_stream_position: unknown }).next_stream_position).toBe('string');
  const second = await box.client.events.getEvents({
    streamType: 'admin_logs',
    eventType: ['UPLOAD'],
    streamPosition: String(first.nextStreamPosition),
    limit: 2,
  });
  const names = [...seen(first), ...seen(second)].map((e) => raw(e).source);
  expect(names).toEqual(['a', 'b', 'c'].map((n) => expect.objectContaining({ item_name: `Paged ${n}` })));
  // A type nothing was recorded for.
  expect(await adminEvents(['LOGIN'], start)).toEqual([]);
});

test('created_after and created_before bound admin_logs (inclusive); admin_logs_streaming ignores them', async () => {
  const start = await now();
  await box.folder('Dated');
  const [dated, ...others] = await adminEvents(['UPLOAD'], start);
  expect(others).toEqual([]);
  expect(raw(dated!).source).toMatchObject({ item_name: 'Dated' });
  const createdAt = raw(dated!).created_at as string;
  // Both bounds at the event's own created_at: inclusive, so exactly that event.
  const inWindow = await box.client.events.getEvents({
    streamType: 'admin_logs',
    streamPosition: start,
    createdAfter: dateTimeFromString(createdAt),
    createdBefore: dateTimeFromString(createdAt),
  });
  expect(seen(inWindow).map((e) => raw(e))).toEqual([raw(dated!)]);
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const future = new Date(Date.now() + 3600 * 1000);
  const later = await box.client.events.getEvents({
    streamType: 'admin_logs',
    createdAfter: sdkTime(future),
  });
  expect(later.entries).toEqual([]);
  const earlier = await box.client.events.getEvents({
    streamType: 'admin_logs',
    createdBefore: sdkTime(weekAgo),
  });
  expect(earlier.entries).toEqual([]);
  // The streaming feed carries the last two weeks, whatever the bounds say.
  const streaming = await box.client.events.getEvents({
    streamType: 'admin_logs_streaming',
    streamPosition: start,
    createdBefore: sdkTime(weekAgo),
  });
  expect(seen(streaming).map((e) => raw(e).source)).toEqual([
    expect.objectContaining({ item_name: 'Dated' }),
  ]);

  const refused = await box.raw('GET', '/2.0/events?stream_type=admin_logs&created_after=yesterday');
  expect(refused).toMatchObject({ status: 400, body: { code: 'bad_request' } });
});

test('only the admin reads the enterprise stream: an app user is 403, a downscoped token too', async () => {
  const user = await box.client.users.createUser({ name: 'Not Admin', isPlatformAccessOnly: true });
  for (const client of [sdkFor(box.sandbox, user.id).client, box.client.withAsUserHeader(user.id)]) {
    for (const streamType of ['admin_logs', 'admin_logs_streaming'] as const) {
      const refused = await apiError(client.events.getEvents({ streamType }));
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('access_denied_insufficient_permissions');
    }
    // Their own stream is theirs to read.
    await client.events.getEvents();
  }
  const token = await box.auth.downscopeToken(
    ['root_readwrite'],
    undefined,
    undefined,
    sandboxSession(box.sandbox),
  );
  const downscoped = await apiError(
    sdkWithToken(box.sandbox, token.accessToken!).events.getEvents({ streamType: 'admin_logs' }),
  );
  expect(downscoped.status).toBe(403);
  expect(downscoped.body.code).toBe('insufficient_scope');
});

test('enterprise events are not in the user stream, and have no long poll', async () => {
  const userStart = String((await box.client.events.getEvents({ streamPosition: 'now' })).nextStreamPosition);
  await box.client.users.createUser({ name: 'Quiet Admin Event', isPlatformAccessOnly: true });
  const mine = await box.client.events.getEvents({ streamPosition: userStart });
  expect(seen(mine).some((e) => e.eventType === 'NEW_USER')).toBe(false);
  const url = (await box.client.events.getEventsWithLongPolling()).entries![0]!.url!;
  const poll = await fetch(url.replace('stream_type=all', 'stream_type=admin_logs'));
  expect(poll.status).toBe(400);
});
