import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Apps } from './apps';
import { Avatars } from './avatars';
import { BlobStore, type StagedBlob } from './blobs';
import { boxTime } from './clock';
import { Collections } from './collections';
import { Comments } from './comments';
import { Copies } from './copies';
import { openDatabase, type Db } from './database';
import { ENTERPRISE_EVENT_RETENTION_DAYS, EnterpriseEvents } from './enterprise-events';
import { EVENT_RETENTION_DAYS, Events } from './events';
import { GroupMemberships } from './group-memberships';
import { Groups } from './groups';
import { makePrivate, PRIVATE_DIR } from './private-files';
import { Items } from './items';
import { Locks } from './locks';
import { OwnershipTransfer } from './ownership-transfer';
import { MetadataInstances } from './metadata-instances';
import { MetadataTemplates } from './metadata-templates';
import { SharedLinks } from './shared-links';
import { Tasks } from './tasks';
import { ThumbnailCache } from './thumbnail-cache';
import { Tokens } from './tokens';
import { Trash, TRASH_RETENTION_DAYS } from './trash';
import { UploadSessions } from './upload-sessions';
import { Users } from './users';
import { Versions } from './versions';
import { Watermarks } from './watermarks';
import { ZipDownloads } from './zip-downloads';

/** Everything the sandbox keeps, in its data directory: `box.db` plus the blobs and thumbnails beside it. */
export class SandboxStore {
  readonly apps: Apps;
  readonly users: Users;
  readonly groups: Groups;
  readonly memberships: GroupMemberships;
  readonly avatars: Avatars;
  readonly ownershipTransfer: OwnershipTransfer;
  readonly items: Items;
  readonly tokens: Tokens;
  readonly sessions: UploadSessions;
  readonly sharedLinks: SharedLinks;
  readonly trash: Trash;
  readonly versions: Versions;
  readonly locks: Locks;
  readonly copies: Copies;
  readonly zipDownloads: ZipDownloads;
  readonly comments: Comments;
  readonly tasks: Tasks;
  readonly events: Events;
  readonly enterpriseEvents: EnterpriseEvents;
  readonly metadataTemplates: MetadataTemplates;
  readonly metadataInstances: MetadataInstances;
  readonly collections: Collections;
  readonly watermarks: Watermarks;

  private constructor(
    // Private: handlers and the rest of the sandbox go through the classes above and
    // `transaction`, so every query lives in the store.
    private readonly db: Db,
    readonly blobs: BlobStore,
    readonly thumbnails: ThumbnailCache,
  ) {
    this.apps = new Apps(db);
    this.users = new Users(db);
    this.groups = new Groups(db);
    this.memberships = new GroupMemberships(db);
    this.avatars = new Avatars(db);
    this.ownershipTransfer = new OwnershipTransfer(db);
    this.items = new Items(db);
    this.tokens = new Tokens(db);
    this.sessions = new UploadSessions(db);
    this.sharedLinks = new SharedLinks(db);
    this.trash = new Trash(db, this.items);
    this.versions = new Versions(db);
    this.locks = new Locks(db);
    this.metadataTemplates = new MetadataTemplates(db);
    this.metadataInstances = new MetadataInstances(db);
    this.collections = new Collections(db);
    this.watermarks = new Watermarks(db);
    this.copies = new Copies(db, this.items, this.metadataInstances, this.metadataTemplates, this.watermarks);
    this.zipDownloads = new ZipDownloads(db);
    this.comments = new Comments(db);
    this.tasks = new Tasks(db);
    this.events = new Events(db);
    this.enterpriseEvents = new EnterpriseEvents(db);
  }

  /** Open (or create) the store and tidy what a crash may have left behind. */
  static async open(dataDir: string): Promise<SandboxStore> {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
    makePrivate(dataDir);
    const store = new SandboxStore(
      openDatabase(path.join(dataDir, 'box.db')),
      new BlobStore(dataDir),
      new ThumbnailCache(dataDir),
    );
    // What has been in the trash for 30 days is purged, as Box does; then its bytes can go.
    const retentionStart = boxTime(new Date(Date.now() - TRASH_RETENTION_DAYS * 24 * 3600 * 1000));
    store.trash.purgeTrashedBefore(retentionStart);
    store.versions.purgeTrashedBefore(retentionStart);
    await store.blobs.sweep((sha1) => store.isBlobReferenced(sha1));
    await store.thumbnails.sweep((sha1) => store.isBlobReferenced(sha1));
    // Upload sessions live 7 days; an expired one can never be committed, so its parts go.
    for (const id of store.sessions.expiredIds()) store.sessions.delete(id);
    for (const id of await store.blobs.sessionIdsOnDisk()) {
      if (!store.sessions.exists(id)) await store.blobs.removeSession(id);
    }
    store.tokens.sweepExpired();
    store.zipDownloads.tidy();
    // Box keeps user events for a few weeks; so does the sandbox.
    store.events.purgeBefore(boxTime(new Date(Date.now() - EVENT_RETENTION_DAYS * 24 * 3600 * 1000)));
    // And enterprise events for a year (admin_logs).
    store.enterpriseEvents.purgeBefore(Date.now() - ENTERPRISE_EVENT_RETENTION_DAYS * 24 * 3600 * 1000);
    return store;
  }

  /**
   * Run `fn` in one SQLite transaction: everything it changes is kept, or nothing is (an
   * exception rolls it all back and is rethrown). Transactions nest.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Record staged bytes: `record` writes the rows that use them (a file, a version), and the blob
   * moves into the store in the same transaction, after them. If anything fails, neither the rows
   * nor the blob remain (a blob placed by a commit that then failed is removed, unless a version
   * already used those bytes). Called outside any other transaction, so that its commit is the
   * one that counts. The caller still discards `staged` when done: a no-op once placed.
   */
  recordBlob<T>(staged: StagedBlob, record: () => T): T {
    try {
      return this.transaction(() => {
        const recorded = record();
        this.blobs.place(staged);
        return recorded;
      });
    } catch (err) {
      if (staged.placed) this.blobs.removeUnreferenced(staged.sha1, (sha1) => this.isBlobReferenced(sha1));
      throw err;
    }
  }

  /** A setting kept with the data, created by `create` the first time it is asked for. */
  setting(key: string, create: () => string): string {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
    if (row) return row.value;
    const value = create();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }

  /** Delete a user with everything it owns, its upload sessions and its tokens, in one transaction. */
  deleteUser(userId: number): void {
    this.transaction(() => {
      this.items.deleteAllOwnedBy(userId);
      for (const id of this.sessions.idsOf(userId)) this.sessions.delete(id);
      this.tokens.revokeAllOf(userId);
      this.events.deleteAllOf(userId);
      this.collections.deleteAllOf(userId);
      this.memberships.deleteAllOfUser(userId);
      this.avatars.delete(userId);
      this.users.delete(userId);
    });
  }

  /** Delete a group and who is in it, in one transaction. */
  deleteGroup(groupId: number): void {
    this.transaction(() => {
      this.memberships.deleteAllOfGroup(groupId);
      this.groups.delete(groupId);
    });
  }

  /** Do some bytes of the store still need this blob: a file version's, or an avatar's? */
  isBlobReferenced(sha1: string): boolean {
    return this.items.isBlobReferenced(sha1) || this.avatars.usesBlob(sha1);
  }

  close(): void {
    this.db.close();
  }
}
