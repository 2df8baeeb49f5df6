import type { Db } from './database';

/**
 * CHECK constraints the schema has widened since a table first shipped. A data dir made before
 * has the narrower one, and SQLite cannot change a CHECK in place: the table is rebuilt.
 */
const WIDENED: { table: string; before: string; now: string }[] = [
  // Managed users (a `login`, no `is_platform_access_only`), beside the service account and app users.
  {
    table: 'users',
    before: "CHECK (kind IN ('service_account', 'app_user'))",
    now: "CHECK (kind IN ('service_account', 'app_user', 'managed_user'))",
  },
  // Web links are items like files and folders: in folders, moved, trashed and shared with them.
  {
    table: 'items',
    before: "CHECK (type IN ('folder', 'file'))",
    now: "CHECK (type IN ('folder', 'file', 'web_link'))",
  },
];

/** Rebuild each table whose CHECK is still the narrower one. A no-op on a new data dir. */
export function widenChecks(db: Db): void {
  for (const change of WIDENED) widenCheck(db, change);
}

/**
 * The rebuild SQLite's documentation describes ("Making Other Kinds Of Table Schema Changes"): a
 * copy with the new CHECK, the rows moved over as they are, the old table dropped and the copy
 * renamed, in one transaction with foreign keys off (other tables refer to these by id, and keep
 * doing so). Ids keep their values and the id sequence its place, so no id is given out twice.
 * The schema's `CREATE INDEX IF NOT EXISTS` then makes the indexes again. Runs after the columns
 * added since exist (the stored statement has them), before the schema.
 */
function widenCheck(db: Db, { table, before, now }: (typeof WIDENED)[number]): void {
  const stored = db
    .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table);
  if (!stored || !stored.sql.includes(before)) return;
  const copy = `${table}_rebuilt`;
  const created = stored.sql
    .replace(before, now)
    .replace(new RegExp(`^CREATE TABLE\\s+("?)${table}\\1`, 'i'), `CREATE TABLE ${copy}`);
  if (!created.startsWith(`CREATE TABLE ${copy}`))
    throw new Error(`box.db: unexpected ${table} table, cannot widen its CHECK: ${stored.sql}`);
  const columns = db
    .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => `"${c.name}"`)
    .join(', ');
  const sequence = () =>
    db.prepare<[string], { seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table)?.seq;
  // foreign_keys cannot change inside a transaction: around it, then.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      const last = sequence();
      db.exec(created);
      db.exec(`INSERT INTO ${copy} (${columns}) SELECT ${columns} FROM ${table}`);
      db.exec(`DROP TABLE ${table}`);
      db.exec(`ALTER TABLE ${copy} RENAME TO ${table}`);
      // The copy's sequence is its highest id left: a deleted last row's id must not come back.
      const highest = Math.max(last ?? 0, sequence() ?? 0);
      db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table);
      if (highest > 0)
        db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, highest);
      if ((db.pragma('foreign_key_check') as unknown[]).length > 0)
        throw new Error(`box.db: rebuilding the ${table} table broke a foreign key`);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
