import type { BoxClient } from 'box-node-sdk';
import type { Event } from 'box-node-sdk/schemas';
import {
  apiError,
  byteStream,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  startTestSandbox,
  useSandbox,
} from './support/sandbox';
import { boxTime } from '../src/store/clock';

/**
 * The user event stream through box-node-sdk's `events`: what the sandbox records (uploads, new
 * versions, folders, copies, moves, renames, trash and restore, locks, shared links, promotions,
 * downloads), stream positions and types, paging, who sees which stream, and the long poll of
 * `OPTIONS /events` (woken by a change, timing out, never holding the sandbox open).
 */

const LONG_POLL_MS = 500;
const box = useSandbox({ longPollTimeoutMs: LONG_POLL_MS });

/** Where the service account's stream is now. */
async function now(client: BoxClient = box.client): Promise<string> {
  return String((await client.events.getEvents({ streamPosition: 'now' })).nextStreamPosition);
}

/** The user's events since `position`, each with its source's JSON as the sandbox sent it. */
async function eventsSince(position: string, streamType?: string, client: BoxClient = box.client) {
  const events = await client.events.getEvents({ streamPosition: position, streamType, limit: 500 });
  const raw = (events.rawData as { entries: { source: Record<string, unknown> }[] }).entries;
  return (events.entries ?? []).map((event, i) => ({ ...event, rawSource: raw[i]!.source }));
}

const typesOf = (events: readonly Event[]) => events.map((e) => e.eventType);
/** The event's source: its JSON when the test has it, else as the SDK read it (a File or a Folder). */
const sourceOf = (event: Event & { rawSource?: Record<string, unknown> }) =>
  event.rawSource ?? (event.source as unknown as Record<string, unknown>);

test("stream_position=now: no entries, and the stream's current position", async () => {
  const events = await box.client.events.getEvents({ streamPosition: 'now' });
  expect(events.chunkSize).toBe(0);
  expect(events.entries).toEqual([]);
  expect(Number(events.nextStreamPosition)).toBeGreaterThanOrEqual(0);
});

test('every change the sandbox makes is an event, in order, with Box names and shapes', async () => {
  const start = await now();
  const folder = await box.folder('Events');
  const other = await box.folder('Elsewhere');
  const file = await box.upload('report.txt', folder, 'first');
  await box.client.uploads.uploadFileVersion(file.id, {
    attributes: { name: 'report.txt' },
    file: byteStream('second'),
  });
  await box.client.files.updateFileById(file.id, { requestBody: { name: 'final.txt' } });
  await box.client.files.updateFileById(file.id, { requestBody: { parent: { id: other } } });
  await box.client.files.copyFile(file.id, { parent: { id: folder } });
  await box.client.files.updateFileById(file.id, { requestBody: { lock: { access: 'lock' } } });
  await box.client.files.updateFileById(file.id, { requestBody: { lock: null } });
  await box.client.sharedLinksFiles.addShareLinkToFile(
    file.id,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  await box.client.sharedLinksFiles.updateSharedLinkOnFile(
    file.id,
    { sharedLink: { access: 'company' } },
    { fields: 'shared_link' },
  );
  await box.client.sharedLinksFiles.removeSharedLinkFromFile(
    file.id,
    { sharedLink: null },
    { fields: 'shared_link' },
  );
  const versions = await box.client.fileVersions.getFileVersions(file.id);
  await box.client.fileVersions.promoteFileVersion(file.id, {
    requestBody: { id: versions.entries![0]!.id, type: 'file_version' },
  });
  await box.client.downloads.downloadFile(file.id);
  await box.client.files.deleteFileById(file.id);
  await fetch(`${box.sandbox.url}/2.0/files/${file.id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${box.token}` },
  });

  const events = await eventsSince(start);
  expect(typesOf(events)).toEqual([
    'ITEM_CREATE',
    'ITEM_CREATE',
    'ITEM_UPLOAD',
    'ITEM_UPLOAD',
    'ITEM_RENAME',
    'ITEM_MOVE',
    'ITEM_COPY',
    'LOCK_CREATE',
    'LOCK_DESTROY',
    'ITEM_SHARED_CREATE',
    'ITEM_SHARED_UPDATE',
    'ITEM_SHARED_UNSHARE',
    'ITEM_MAKE_CURRENT_VERSION',
    'ITEM_DOWNLOAD',
    'ITEM_TRASH',
    'ITEM_UNDELETE_VIA_TRASH',
  ]);

  const me = await box.client.users.getUserMe();
  const upload = events[2]!;
  expect(upload).toMatchObject({ type: 'event', createdBy: { type: 'user', id: me.id, name: me.name } });
  expect(upload.eventId).toMatch(/^[0-9a-f]{40}$/);
  expect(upload.sessionId).toEqual(expect.any(String));
  expect(upload.createdAt).toBeDefined();
  expect(upload.recordedAt).toBeDefined();
  // The source is the item as it was then (its standard representation).
  expect(sourceOf(upload)).toMatchObject({
    type: 'file',
    id: file.id,
    name: 'report.txt',
    item_status: 'active',
  });
  expect(sourceOf(events[0]!)).toMatchObject({ type: 'folder', id: folder, name: 'Events' });
  expect(sourceOf(events[5]!)).toMatchObject({ name: 'final.txt', parent: { id: other } });
  expect(sourceOf(events[6]!).id).not.toBe(file.id);
  expect(sourceOf(events[9]!).shared_link).toMatchObject({ access: 'open' });
  expect(sourceOf(events[14]!)).toMatchObject({ id: file.id, item_status: 'trashed' });
});

test('stream types: changes leaves out sharing and downloads, sync has nothing (nothing is synced)', async () => {
  const start = await now();
  const file = await box.upload('typed.txt', '0', 'typed');
  await box.client.sharedLinksFiles.addShareLinkToFile(
    file.id,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  await box.client.downloads.downloadFile(file.id);
  await box.client.files.deleteFileById(file.id);

  expect(typesOf(await eventsSince(start, 'all'))).toEqual([
    'ITEM_UPLOAD',
    'ITEM_SHARED_CREATE',
    'ITEM_DOWNLOAD',
    'ITEM_TRASH',
  ]);
  expect(typesOf(await eventsSince(start, 'changes'))).toEqual(['ITEM_UPLOAD', 'ITEM_TRASH']);
  const sync = await box.client.events.getEvents({ streamPosition: start, streamType: 'sync' });
  expect(sync.entries).toEqual([]);
  // The position moves past what the stream left out.
  expect(Number(sync.nextStreamPosition)).toBeGreaterThan(Number(start));
});

test('paging: limit events a chunk, next_stream_position where the next chunk starts', async () => {
  const start = await now();
  for (const name of ['a', 'b', 'c', 'd', 'e']) await box.folder(`Page ${name}`);
  const first = await box.client.events.getEvents({ streamPosition: start, limit: 2 });
  expect(first.chunkSize).toBe(2);
  const second = await box.client.events.getEvents({
    streamPosition: String(first.nextStreamPosition),
    limit: 2,
  });
  const third = await box.client.events.getEvents({
    streamPosition: String(second.nextStreamPosition),
    limit: 2,
  });
  const names = [...first.entries!, ...second.entries!, ...third.entries!].map((e) => sourceOf(e).name);
  expect(names).toEqual(['Page a', 'Page b', 'Page c', 'Page d', 'Page e']);
  const rest = await box.client.events.getEvents({ streamPosition: String(third.nextStreamPosition) });
  expect(rest.entries).toEqual([]);
  expect(rest.nextStreamPosition).toBe(third.nextStreamPosition);
  // Without a position: from the start of what is kept.
  const all = await box.client.events.getEvents();
  expect(all.chunkSize).toBeGreaterThanOrEqual(5);
});

test('a change that fails records nothing', async () => {
  const start = await now();
  await box.upload('twice.txt', '0', 'one');
  const conflict = await apiError(box.upload('twice.txt', '0', 'two'));
  expect(conflict.status).toBe(409);
  const folder = await box.folder('Taken');
  const renamed = await apiError(
    box.client.folders.updateFolderById(folder, { requestBody: { name: 'twice.txt' } }),
  );
  expect(renamed.status).toBe(409);
  expect(typesOf(await eventsSince(start))).toEqual(['ITEM_UPLOAD', 'ITEM_CREATE']);
});

test("each user reads its own stream: an app user's own token, or As-User", async () => {
  const user = await box.client.users.createUser({ name: 'Eve Ents', isPlatformAccessOnly: true });
  const asUser = sdkFor(box.sandbox, user.id).client;
  const start = await now();
  await asUser.folders.createFolder({ name: 'Mine', parent: { id: '0' } });
  await box.folder('Not hers');

  expect((await eventsSince(start, undefined, asUser)).map((e) => sourceOf(e).name)).toEqual(['Mine']);
  expect((await eventsSince(start)).map((e) => sourceOf(e).name)).toEqual(['Not hers']);
  const viaHeader = box.client.withAsUserHeader(user.id);
  expect((await eventsSince(start, undefined, viaHeader)).map((e) => e.createdBy?.id)).toEqual([user.id]);
});

test('a downscoped token reads no events: 403 insufficient_scope', async () => {
  const token = await box.auth.downscopeToken(
    ['base_explorer', 'item_upload', 'root_readwrite'],
    undefined,
    undefined,
    sandboxSession(box.sandbox),
  );
  const client = sdkWithToken(box.sandbox, token.accessToken!);
  for (const call of [client.events.getEvents(), client.events.getEventsWithLongPolling()]) {
    const refused = await apiError(call);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  }
});

test('bad parameters are 400: a position that is not one, a stream type Box does not have', async () => {
  for (const query of [{ streamPosition: 'yesterday' }, { streamType: 'everything' }]) {
    const refused = await apiError(box.client.events.getEvents(query));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('bad_request');
  }
});

test('events older than Box keeps are purged; positions never go back', async () => {
  const start = await now();
  await box.folder('Soon forgotten');
  box.sandbox.store.events.purgeBefore(boxTime(new Date(Date.now() + 60_000)));
  const after = await box.client.events.getEvents({ streamPosition: '0' });
  expect(after.entries).toEqual([]);
  expect(Number(after.nextStreamPosition)).toBeGreaterThan(Number(start));
});

describe('long polling', () => {
  async function longPollUrl(client: BoxClient = box.client): Promise<string> {
    const servers = await client.events.getEventsWithLongPolling();
    return servers.entries![0]!.url!;
  }

  /** Resolves once the sandbox holds `count` long polls. */
  async function pollsWaiting(count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (box.sandbox.realtime.waitingCount >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no long poll is waiting');
  }

  test('OPTIONS /events: a realtime server, as Box describes it', async () => {
    const servers = await box.client.events.getEventsWithLongPolling();
    expect(servers.chunkSize).toBe(1);
    expect(servers.entries).toEqual([
      expect.objectContaining({
        type: 'realtime_server',
        url: expect.stringMatching(
          new RegExp(`^${box.sandbox.url}/subscribe\\?channel=[0-9a-z]+&stream_type=all$`),
        ),
        ttl: '10',
        maxRetries: '10',
        retryTimeout: Math.ceil(LONG_POLL_MS / 1000),
      }),
    ]);
  });

  test('a long poll answers new_change when an upload happens for its user', async () => {
    const url = await longPollUrl();
    const poll = fetch(`${url}&stream_position=now`).then((r) => r.json());
    await pollsWaiting(1);
    await box.upload('wakes.txt', '0', 'wake up');
    expect(await poll).toEqual({ message: 'new_change' });
  });

  test("another user's change does not wake it, and it times out with reconnect", async () => {
    const user = await box.client.users.createUser({ name: 'Quiet', isPlatformAccessOnly: true });
    const url = await longPollUrl(sdkFor(box.sandbox, user.id).client);
    const started = Date.now();
    const poll = fetch(`${url}&stream_position=now`).then((r) => r.json());
    await pollsWaiting(1);
    await box.upload('not-hers.txt', '0', 'not hers');
    expect(await poll).toEqual({ message: 'reconnect' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(LONG_POLL_MS - 50);
  });

  test('a position with events after it answers at once', async () => {
    const start = await now();
    await box.folder('Already happened');
    const url = await longPollUrl();
    expect(await (await fetch(`${url}&stream_position=${start}`)).json()).toEqual({ message: 'new_change' });
    // A changes poll is not woken by what only the all stream carries.
    const shared = await box.upload('shared-poll.txt', '0', 'x');
    const position = await now();
    await box.client.sharedLinksFiles.addShareLinkToFile(
      shared.id,
      { sharedLink: {} },
      { fields: 'shared_link' },
    );
    const changes = await fetch(
      `${url.replace('stream_type=all', 'stream_type=changes')}&stream_position=${position}`,
    );
    expect(await changes.json()).toEqual({ message: 'reconnect' });
  });

  test('a long poll whose client goes away is forgotten', async () => {
    const url = await longPollUrl();
    const abort = new AbortController();
    const poll = fetch(`${url}&stream_position=now`, { signal: abort.signal }).catch(() => 'aborted');
    await pollsWaiting(1);
    abort.abort();
    expect(await poll).toBe('aborted');
    // Well before the poll would time out (LONG_POLL_MS).
    for (let i = 0; i < 20 && box.sandbox.realtime.waitingCount > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(box.sandbox.realtime.waitingCount).toBe(0);
  });

  test('a channel the sandbox did not hand out is 404', async () => {
    const answer = await fetch(`${box.sandbox.url}/subscribe?channel=abc123&stream_type=all`);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { code: string }).code).toBe('not_found');
  });

  test("the SDK's EventStream delivers an upload's event", async () => {
    const stream = box.client.events.getEventStream();
    // Destroying the stream aborts its long poll, which the SDK reports as an error.
    const errors: unknown[] = [];
    stream.on('error', (err) => errors.push(err));
    try {
      const first = new Promise<Event>((resolve) => stream.once('data', resolve));
      await pollsWaiting(1);
      const file = await box.upload('streamed.txt', '0', 'streamed');
      const event = await first;
      expect(event.eventType).toBe('ITEM_UPLOAD');
      expect(sourceOf(event).id).toBe(file.id);
      expect(errors).toEqual([]);
    } finally {
      stream.destroy();
    }
  });
});

test('a waiting long poll does not keep the sandbox from closing', async () => {
  const sandbox = await startTestSandbox();
  const { client } = sdkFor(sandbox);
  const url = (await client.events.getEventsWithLongPolling()).entries![0]!.url!;
  const poll = fetch(`${url}&stream_position=now`).then((r) => r.json());
  while (sandbox.realtime.waitingCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const started = Date.now();
  await sandbox.destroy();
  expect(Date.now() - started).toBeLessThan(2000);
  expect(await poll).toEqual({ message: 'reconnect' });
});
