import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PRIVATE_FILE } from './private-files';
import { widenChecks } from './widened-checks';

/**
 * The sandbox's metadata lives in one SQLite file. WAL with `synchronous = FULL` makes every
 * committed transaction durable the moment it returns, so a change the sandbox has answered
 * survives kill -9 and power loss alike. File bytes live beside it, content-addressed (blobs.ts).
 */
export type Db = Database.Database;

/** First ids of each sequence: Box ids are long digit strings; ours look alike. */
const FIRST_USER_ID = 30_000_000_000;
const FIRST_ITEM_ID = 100_000_000_000;
const FIRST_VERSION_ID = 200_000_000_000;
const FIRST_LOCK_ID = 400_000_000_000;
const FIRST_COMMENT_ID = 500_000_000_000;
const FIRST_TASK_ID = 600_000_000_000;
const FIRST_TASK_ASSIGNMENT_ID = 700_000_000_000;
/** Box's group and group membership ids are short too (its docs show 11446498). */
const FIRST_GROUP_ID = 12_000_000;
const FIRST_GROUP_MEMBERSHIP_ID = 13_000_000;
/** Box's collection ids are shorter than its item ids (its docs show 11446498). */
const FIRST_COLLECTION_ID = 11_000_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The JWT app. Only the public key is kept, and only a hash of the client secret.
CREATE TABLE IF NOT EXISTS apps (
  client_id            TEXT PRIMARY KEY,
  client_secret_sha256 TEXT NOT NULL,
  public_key_id        TEXT NOT NULL,
  public_key_pem       TEXT NOT NULL,
  enterprise_id        TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  -- The Developer Console's "Generate user access tokens" (Advanced Features): JWT grants with
  -- box_sub_type=user need it.
  user_access_tokens   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  kind          TEXT NOT NULL CHECK (kind IN ('service_account', 'app_user', 'managed_user')),
  name          TEXT NOT NULL,
  login         TEXT NOT NULL UNIQUE,
  enterprise_id TEXT NOT NULL,
  -- Free text the app sets on its app users (say, its identity provider's subject). Box does not
  -- make it unique: the app must.
  external_app_user_id TEXT,
  created_at    TEXT NOT NULL,
  modified_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_external_id ON users (enterprise_id, external_app_user_id);

-- Groups of an enterprise's users (groups.ts), and who is in them (group-memberships.ts). Box
-- keeps group names unique within an enterprise; what it does not say is left NULL.
CREATE TABLE IF NOT EXISTS groups (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id            TEXT NOT NULL,
  name                     TEXT NOT NULL,
  description              TEXT,
  provenance               TEXT,
  external_sync_identifier TEXT,
  invitability_level       TEXT NOT NULL,
  member_viewability_level TEXT NOT NULL,
  created_at               TEXT NOT NULL,
  modified_at              TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS groups_name ON groups (enterprise_id, name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS group_memberships (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id    INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('member', 'admin')),
  created_at  TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (group_id, user_id)
);
CREATE INDEX IF NOT EXISTS group_memberships_user ON group_memberships (user_id, id);

-- A user's avatar (avatars.ts): its bytes are a blob (blobs.ts), like file content.
CREATE TABLE IF NOT EXISTS user_avatars (
  user_id    INTEGER PRIMARY KEY,
  sha1       TEXT NOT NULL,
  format     TEXT NOT NULL CHECK (format IN ('jpg', 'png')),
  size       INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS user_avatars_sha1 ON user_avatars (sha1);

-- Files, folders and web links. parent_id 0 is the owner's root folder ("0" in the API, one per user).
CREATE TABLE IF NOT EXISTS items (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  type        TEXT NOT NULL CHECK (type IN ('folder', 'file', 'web_link')),
  type_rank   INTEGER NOT NULL,            -- 0 folder, 1 file, 2 web link: Box's listing order
  name        TEXT NOT NULL,
  parent_id   INTEGER NOT NULL,
  owner_id    INTEGER NOT NULL REFERENCES users(id),
  description TEXT NOT NULL DEFAULT '',
  size        INTEGER NOT NULL DEFAULT 0,
  version_id  INTEGER,                     -- files: the current version
  sequence_id INTEGER NOT NULL DEFAULT 0,  -- bumped on every change, as Box's etag
  created_at  TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  created_by  INTEGER NOT NULL,
  modified_by INTEGER NOT NULL,
  -- In the trash (see trash.ts): when, by whom, and which item's deletion put it there (its own
  -- id when it was deleted itself, its folder's when it went with that folder). NULL: active.
  trashed_at  TEXT,
  trashed_by  INTEGER,
  trash_root  INTEGER,
  url         TEXT                         -- web links: the URL they point to
);
-- Box refuses a second item of the same name in a folder, ignoring case; what is in the trash
-- no longer holds its name.
CREATE UNIQUE INDEX IF NOT EXISTS items_unique_active_name ON items (owner_id, parent_id, name COLLATE NOCASE)
  WHERE trashed_at IS NULL;
-- Listing a folder by marker walks this index: the last page costs what the first does.
CREATE INDEX IF NOT EXISTS items_active_children ON items (owner_id, parent_id, type_rank, id)
  WHERE trashed_at IS NULL;
-- The trash lists the items that were deleted themselves, not what went with their folder.
CREATE INDEX IF NOT EXISTS items_trash ON items (owner_id, type_rank, id) WHERE trash_root = id;
CREATE INDEX IF NOT EXISTS items_trash_root ON items (trash_root) WHERE trash_root IS NOT NULL;

CREATE TABLE IF NOT EXISTS file_versions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id    INTEGER NOT NULL,
  sha1       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  -- 1, 2, 3... per file, fixed when the version is made (Box's version_number).
  version_number INTEGER,
  -- A removed version (DELETE /files/:id/versions/:id) and its restore.
  trashed_at  TEXT,
  trashed_by  INTEGER,
  restored_at TEXT,
  restored_by INTEGER,
  -- Set on a version made by promoting an older one: that one's id.
  promoted_from INTEGER
);
CREATE INDEX IF NOT EXISTS file_versions_file ON file_versions (file_id);
CREATE INDEX IF NOT EXISTS file_versions_sha1 ON file_versions (sha1);

-- A file's lock (PUT /files/:id with lock): at most one per file. expires_at NULL: no expiry.
CREATE TABLE IF NOT EXISTS file_locks (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id               INTEGER NOT NULL UNIQUE,
  created_by            INTEGER NOT NULL,
  created_at            TEXT NOT NULL,
  expires_at            TEXT,
  is_download_prevented INTEGER NOT NULL
);

-- Folder locks (POST /folder_locks): the folder can be neither moved nor deleted.
CREATE TABLE IF NOT EXISTS folder_locks (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  folder_id  INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS folder_locks_folder ON folder_locks (folder_id);

-- Comments on files (comments.ts). A reply has the top-level comment it answers as parent_id
-- (threads are one level deep, as in Box's UI). tagged_message keeps the text as sent, with its
-- @[user_id:name] mentions; the plain message is made from it when it is read.
CREATE TABLE IF NOT EXISTS comments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id        INTEGER NOT NULL,
  parent_id      INTEGER,
  created_by     INTEGER NOT NULL,
  tagged_message TEXT NOT NULL,
  -- Content Sidebar's threaded comments can be resolved.
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_at     TEXT NOT NULL,
  modified_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_file ON comments (file_id, id);
CREATE INDEX IF NOT EXISTS comments_parent ON comments (parent_id, id) WHERE parent_id IS NOT NULL;

-- Tasks on files (tasks.ts), and who they are assigned to. A task's completion is not kept: it
-- follows from its assignments and its completion rule (task-status.ts).
CREATE TABLE IF NOT EXISTS tasks (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id         INTEGER NOT NULL,
  action          TEXT NOT NULL CHECK (action IN ('review', 'complete')),
  message         TEXT NOT NULL,
  due_at          TEXT,
  completion_rule TEXT NOT NULL CHECK (completion_rule IN ('all_assignees', 'any_assignee')),
  created_by      INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  modified_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_file ON tasks (file_id, id);

CREATE TABLE IF NOT EXISTS task_assignments (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id          INTEGER NOT NULL,
  assigned_to      INTEGER NOT NULL,
  assigned_by      INTEGER NOT NULL,
  assigned_at      TEXT NOT NULL,
  -- The assignee's answer and its note; completed_at is set while the answer is not 'incomplete'.
  resolution_state TEXT NOT NULL DEFAULT 'incomplete'
    CHECK (resolution_state IN ('incomplete', 'completed', 'approved', 'rejected')),
  message          TEXT NOT NULL,
  completed_at     TEXT,
  UNIQUE (task_id, assigned_to)
);

-- Access tokens, by the SHA-256 of the token: a copy of the database leaks no usable token.
-- scopes NULL means a full token; resource_* restrict a downscoped one.
CREATE TABLE IF NOT EXISTS tokens (
  token_sha256  TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL,
  client_id     TEXT NOT NULL,
  scopes        TEXT,
  resource_type TEXT,
  resource_id   INTEGER,
  parent_sha256 TEXT,
  shared_link   TEXT,                      -- exchanged with box_shared_link: that link's token
  expires_at    INTEGER NOT NULL,          -- epoch ms
  revoked       INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens (expires_at);
CREATE INDEX IF NOT EXISTS tokens_parent ON tokens (parent_sha256);

-- Shared links: one per item at most. The token is the unguessable part of the link's URL.
-- password_hash: scrypt (see shared-links.ts), never the password. unshared_at: when it expires.
CREATE TABLE IF NOT EXISTS shared_links (
  item_id       INTEGER PRIMARY KEY,
  token         TEXT NOT NULL UNIQUE,
  access        TEXT NOT NULL CHECK (access IN ('open', 'company', 'collaborators')),
  created_at    TEXT NOT NULL,
  password_hash TEXT,
  unshared_at   TEXT,
  vanity_name   TEXT,
  can_download  INTEGER NOT NULL DEFAULT 1,
  can_edit      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS shared_links_vanity ON shared_links (vanity_name COLLATE NOCASE)
  WHERE vanity_name IS NOT NULL;

-- The user event stream (GET /events), one row per event in the stream of the user it is for.
-- The row id is the stream position. source: the item's JSON when the event happened.
CREATE TABLE IF NOT EXISTS events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL,
  user_id    INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  session_id TEXT,
  source     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stream ON events (user_id, id);

-- The enterprise event stream (GET /events?stream_type=admin_logs), one row per event of an
-- enterprise. The row id is the stream position. created_by, source, additional_details: JSON as
-- they were when it happened (the stream outlives the users and items it names).
CREATE TABLE IF NOT EXISTS enterprise_events (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id           TEXT NOT NULL,
  enterprise_id      TEXT NOT NULL,
  event_type         TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  created_ms         INTEGER NOT NULL,
  created_by         TEXT NOT NULL,
  source             TEXT NOT NULL,
  additional_details TEXT,
  ip_address         TEXT
);
CREATE INDEX IF NOT EXISTS enterprise_events_stream ON enterprise_events (enterprise_id, id);
-- The retention purge at start-up deletes by age.
CREATE INDEX IF NOT EXISTS enterprise_events_created ON enterprise_events (created_ms);

-- A JWT assertion's jti may be used once until the assertion expires.
CREATE TABLE IF NOT EXISTS used_jtis (
  jti        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS upload_sessions (
  id          TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL,
  folder_id   INTEGER NOT NULL,            -- 0 = the user's root
  file_id     INTEGER,                     -- set for a new version of an existing file
  file_name   TEXT NOT NULL,
  file_size   INTEGER NOT NULL,
  part_size   INTEGER NOT NULL,
  total_parts INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  committed_file_id INTEGER                -- set once committed: a repeated commit answers the same file
);

-- Zip downloads (POST /zip_downloads), by the SHA-256 of the id in their URLs: the download URL
-- needs no token, so the id is a secret like one. items: JSON [{type, id, name}], name being the
-- item's name in the archive (renamed when two would clash). The resource is the creating token's,
-- checked again when the download starts.
CREATE TABLE IF NOT EXISTS zip_downloads (
  id_sha256        TEXT PRIMARY KEY,
  user_id          INTEGER NOT NULL,
  resource_type    TEXT,
  resource_id      INTEGER,
  file_name        TEXT NOT NULL,
  items            TEXT NOT NULL,
  total_file_count INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,         -- epoch ms
  expires_at       INTEGER NOT NULL,         -- the download must start before this
  started_at       INTEGER,                  -- the content URL works once: set when it is fetched
  ended_at         INTEGER,
  state            TEXT CHECK (state IN ('in_progress', 'failed', 'succeeded')),
  downloaded_file_count INTEGER NOT NULL DEFAULT 0,
  skipped_file_count    INTEGER NOT NULL DEFAULT 0,
  skipped_folder_count  INTEGER NOT NULL DEFAULT 0
);

-- Metadata templates of the enterprise (Box's global templates are built in, not stored). fields:
-- JSON [{id, type, key, displayName, description?, hidden, options?: [{id, key, staticConfig?}]}], in order.
-- type_version counts the template's changes (an instance's $typeVersion).
CREATE TABLE IF NOT EXISTS metadata_templates (
  id                          TEXT PRIMARY KEY,   -- a UUID, as Box's
  scope                       TEXT NOT NULL,      -- enterprise_<id>
  template_key                TEXT NOT NULL,
  display_name                TEXT NOT NULL,
  hidden                      INTEGER NOT NULL,
  copy_instance_on_item_copy  INTEGER NOT NULL,
  fields                      TEXT NOT NULL,
  type_version                INTEGER NOT NULL DEFAULT 0,
  created_at                  TEXT NOT NULL,
  UNIQUE (scope, template_key)
);

-- Metadata instances: at most one of each template on a file or folder. data: JSON object of the
-- field values ($-properties are computed, never stored). version: Box's $version, from 0.
CREATE TABLE IF NOT EXISTS metadata_instances (
  id            TEXT PRIMARY KEY,                 -- $id, a UUID
  item_id       INTEGER NOT NULL,
  scope         TEXT NOT NULL,                    -- global or enterprise_<id>
  template_key  TEXT NOT NULL,
  data          TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  type_version  INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  UNIQUE (item_id, scope, template_key)
);
CREATE INDEX IF NOT EXISTS metadata_instances_template ON metadata_instances (scope, template_key);

-- Collections (collections.ts): each user's "Favorites", the one collection Box's API offers, made
-- the first time it is needed. Its members are files, folders and web links (an item id names
-- one item of any type), the user's own favourites: another user's favourites of the same item
-- are theirs. Members are listed in the order they were added (rowid).
CREATE TABLE IF NOT EXISTS collections (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id         INTEGER NOT NULL,
  collection_type TEXT NOT NULL CHECK (collection_type IN ('favorites')),
  name            TEXT NOT NULL,
  UNIQUE (user_id, collection_type)
);
CREATE TABLE IF NOT EXISTS collection_items (
  collection_id INTEGER NOT NULL,
  item_id       INTEGER NOT NULL,
  PRIMARY KEY (collection_id, item_id)
);
CREATE INDEX IF NOT EXISTS collection_items_item ON collection_items (item_id);

-- Watermarks applied to a file or folder (watermarks.ts), at most one each; what is below a
-- watermarked folder is watermarked too (inherited, not stored). imprint: Box's only one, 'default'.
CREATE TABLE IF NOT EXISTS watermarks (
  item_id     INTEGER PRIMARY KEY,
  imprint     TEXT NOT NULL DEFAULT 'default',
  created_at  TEXT NOT NULL,
  modified_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS upload_parts (
  session_id TEXT NOT NULL,
  part_id    TEXT NOT NULL,
  offset     INTEGER NOT NULL,
  size       INTEGER NOT NULL,
  sha1       TEXT NOT NULL,
  PRIMARY KEY (session_id, offset)
);
`;

export function openDatabase(file: string): Db {
  // Created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the
  // database file's mode.
  closeSync(openSync(file, 'a', PRIVATE_FILE));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  addMissingColumns(db);
  widenChecks(db);
  dropReplacedIndexes(db);
  db.exec(SCHEMA);
  numberOldVersions(db);
  seedSequences(db);
  return db;
}

/**
 * Columns added after a table first shipped: a data dir made by an older sandbox gets them
 * (with their defaults) before the schema's indexes refer to them.
 */
const ADDED_COLUMNS: { table: string; column: string; definition: string }[] = [
  { table: 'users', column: 'external_app_user_id', definition: 'TEXT' },
  { table: 'apps', column: 'user_access_tokens', definition: 'INTEGER NOT NULL DEFAULT 1' },
  { table: 'items', column: 'trashed_at', definition: 'TEXT' },
  { table: 'items', column: 'trashed_by', definition: 'INTEGER' },
  { table: 'items', column: 'trash_root', definition: 'INTEGER' },
  { table: 'items', column: 'url', definition: 'TEXT' },
  { table: 'file_versions', column: 'version_number', definition: 'INTEGER' },
  { table: 'file_versions', column: 'trashed_at', definition: 'TEXT' },
  { table: 'file_versions', column: 'trashed_by', definition: 'INTEGER' },
  { table: 'file_versions', column: 'restored_at', definition: 'TEXT' },
  { table: 'file_versions', column: 'restored_by', definition: 'INTEGER' },
  { table: 'file_versions', column: 'promoted_from', definition: 'INTEGER' },
  { table: 'shared_links', column: 'password_hash', definition: 'TEXT' },
  { table: 'shared_links', column: 'unshared_at', definition: 'TEXT' },
  { table: 'shared_links', column: 'vanity_name', definition: 'TEXT' },
  { table: 'shared_links', column: 'can_download', definition: 'INTEGER NOT NULL DEFAULT 1' },
  { table: 'shared_links', column: 'can_edit', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { table: 'tokens', column: 'shared_link', definition: 'TEXT' },
];

/** Indexes an older sandbox made that the schema now defines differently (under new names). */
const REPLACED_INDEXES = ['items_unique_name', 'items_children'];

function dropReplacedIndexes(db: Db): void {
  for (const index of REPLACED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
}

/** Versions made by an older sandbox get their numbers: 1, 2, 3... in the order they were made. */
function numberOldVersions(db: Db): void {
  db.exec(`UPDATE file_versions SET version_number = (
      SELECT COUNT(*) FROM file_versions AS earlier
      WHERE earlier.file_id = file_versions.file_id AND earlier.id <= file_versions.id
    ) WHERE version_number IS NULL`);
}

function addMissingColumns(db: Db): void {
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
    if (columns.length > 0 && !columns.some((c) => c.name === column))
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

/** Start each id sequence at a Box-like number the first time the database is created. */
function seedSequences(db: Db): void {
  const seed = db.prepare(
    'INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)',
  );
  db.transaction(() => {
    seed.run('users', FIRST_USER_ID, 'users');
    seed.run('items', FIRST_ITEM_ID, 'items');
    seed.run('file_versions', FIRST_VERSION_ID, 'file_versions');
    seed.run('file_locks', FIRST_LOCK_ID, 'file_locks');
    seed.run('folder_locks', FIRST_LOCK_ID, 'folder_locks');
    seed.run('comments', FIRST_COMMENT_ID, 'comments');
    seed.run('tasks', FIRST_TASK_ID, 'tasks');
    seed.run('task_assignments', FIRST_TASK_ASSIGNMENT_ID, 'task_assignments');
    seed.run('groups', FIRST_GROUP_ID, 'groups');
    seed.run('group_memberships', FIRST_GROUP_MEMBERSHIP_ID, 'group_memberships');
    seed.run('collections', FIRST_COLLECTION_ID, 'collections');
  })();
}
