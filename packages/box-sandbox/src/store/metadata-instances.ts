import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';
import { fromRow as itemFromRow, isUniqueViolation, type Item, type ItemRow } from './items';

/** Field values of an instance: what the client sees without the `$` properties. */
export type MetadataValues = Record<string, unknown>;

/** A template's instance on a file or folder. */
export interface MetadataInstance {
  id: string;
  itemId: number;
  scope: string;
  templateKey: string;
  values: MetadataValues;
  /** Box's `$version`: 0 when made, one more with every change. */
  version: number;
  /** The template's version when the instance was last written (`$typeVersion`). */
  typeVersion: number;
}

/** The item already has an instance of that template (Box: 409 tuple_already_exists). */
export class InstanceExists extends Error {
  constructor() {
    super('tuple_already_exists');
  }
}

interface InstanceRow {
  id: string;
  item_id: number;
  scope: string;
  template_key: string;
  data: string;
  version: number;
  type_version: number;
}

const fromRow = (r: InstanceRow): MetadataInstance => ({
  id: r.id,
  itemId: r.item_id,
  scope: r.scope,
  templateKey: r.template_key,
  values: JSON.parse(r.data) as MetadataValues,
  version: r.version,
  typeVersion: r.type_version,
});

/** The instances, and what metadata queries search: instances with their (active) items. */
export class MetadataInstances {
  constructor(private readonly db: Db) {}

  /** Every instance on an item, in the order they were applied. */
  ofItem(itemId: number): MetadataInstance[] {
    return this.db
      .prepare<[number], InstanceRow>('SELECT * FROM metadata_instances WHERE item_id = ? ORDER BY rowid')
      .all(itemId)
      .map(fromRow);
  }

  get(itemId: number, scope: string, templateKey: string): MetadataInstance | undefined {
    const row = this.db
      .prepare<[number, string, string], InstanceRow>(
        'SELECT * FROM metadata_instances WHERE item_id = ? AND scope = ? AND template_key = ?',
      )
      .get(itemId, scope, templateKey);
    return row && fromRow(row);
  }

  byId(id: string): MetadataInstance | undefined {
    const row = this.db
      .prepare<[string], InstanceRow>('SELECT * FROM metadata_instances WHERE id = ?')
      .get(id);
    return row && fromRow(row);
  }

  /** A new instance; one of the same template already on the item is an InstanceExists. */
  create(itemId: number, scope: string, templateKey: string, values: MetadataValues, typeVersion: number) {
    const id = randomUUID();
    try {
      this.db
        .prepare(
          `INSERT INTO metadata_instances (id, item_id, scope, template_key, data, type_version, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, itemId, scope, templateKey, JSON.stringify(values), typeVersion, boxTime());
    } catch (err) {
      if (isUniqueViolation(err)) throw new InstanceExists();
      throw err;
    }
    return this.byId(id)!;
  }

  /** New values for an instance: its version goes up by one. */
  update(id: string, values: MetadataValues, typeVersion: number): MetadataInstance {
    this.db
      .prepare('UPDATE metadata_instances SET data = ?, version = version + 1, type_version = ? WHERE id = ?')
      .run(JSON.stringify(values), typeVersion, id);
    return this.byId(id)!;
  }

  /** Values rewritten for a changed template (a field renamed, an option removed): not a change of the instance. */
  rewrite(id: string, values: MetadataValues): void {
    this.db.prepare('UPDATE metadata_instances SET data = ? WHERE id = ?').run(JSON.stringify(values), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM metadata_instances WHERE id = ?').run(id);
  }

  /** Every instance of a template (a template change rewrites them). */
  ofTemplate(scope: string, templateKey: string): MetadataInstance[] {
    return this.db
      .prepare<[string, string], InstanceRow>(
        'SELECT * FROM metadata_instances WHERE scope = ? AND template_key = ? ORDER BY rowid',
      )
      .all(scope, templateKey)
      .map(fromRow);
  }

  /**
   * A copied item gets a copy of the source's instances whose template says so
   * (`copyInstanceOnItemCopy`); `copies(scope, templateKey)` answers that.
   */
  copyAll(
    fromItemId: number,
    toItemId: number,
    copies: (scope: string, templateKey: string) => boolean,
  ): void {
    for (const instance of this.ofItem(fromItemId)) {
      if (copies(instance.scope, instance.templateKey))
        this.create(toItemId, instance.scope, instance.templateKey, instance.values, instance.typeVersion);
    }
  }

  /**
   * What a metadata query searches: a template's instances on an owner's active (not trashed)
   * files and folders, all of them or those below `ancestorId` (not that folder itself).
   */
  withItems(
    scope: string,
    templateKey: string,
    ownerId: number,
    ancestorId: number,
  ): { instance: MetadataInstance; item: Item }[] {
    const within =
      ancestorId === 0
        ? ''
        : `AND items.id IN (WITH RECURSIVE tree(id) AS (
             SELECT id FROM items WHERE parent_id = ? AND owner_id = ? AND trashed_at IS NULL
             UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id WHERE items.trashed_at IS NULL
           ) SELECT id FROM tree)`;
    const params: (string | number)[] = [scope, templateKey, ownerId];
    if (ancestorId !== 0) params.push(ancestorId, ownerId);
    return this.db
      .prepare<(string | number)[], ItemRow & { instance_json: string }>(
        `SELECT items.*, file_versions.sha1 AS sha1, json_object(
             'id', mi.id, 'item_id', mi.item_id, 'scope', mi.scope, 'template_key', mi.template_key,
             'data', mi.data, 'version', mi.version, 'type_version', mi.type_version) AS instance_json
         FROM metadata_instances AS mi
         JOIN items ON items.id = mi.item_id
         LEFT JOIN file_versions ON file_versions.id = items.version_id
         WHERE mi.scope = ? AND mi.template_key = ? AND items.owner_id = ? AND items.trashed_at IS NULL ${within}
         ORDER BY items.id`,
      )
      .all(...params)
      .map((row) => ({
        instance: fromRow(JSON.parse(row.instance_json) as InstanceRow),
        item: itemFromRow(row),
      }));
  }
}
