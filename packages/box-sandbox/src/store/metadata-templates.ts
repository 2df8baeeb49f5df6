import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';
import { isUniqueViolation } from './items';

/** The field types a template may have (Box's `taxonomy` and the deprecated `integer` are not offered). */
export const FIELD_TYPES = ['string', 'float', 'date', 'enum', 'multiSelect'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface TemplateOption {
  id: string;
  key: string;
  /** Classification labels only (metadata/classifications.ts): the label's definition and color. */
  staticConfig?: OptionStaticConfig;
}

/** What Box keeps with a classification label, as its API names it. */
export interface OptionStaticConfig {
  classification?: { classificationDefinition?: string; colorID?: number };
}

export interface TemplateField {
  id: string;
  type: FieldType;
  key: string;
  displayName: string;
  description?: string;
  hidden: boolean;
  /** `enum` and `multiSelect` only. */
  options?: TemplateOption[];
}

export interface MetadataTemplate {
  id: string;
  /** `global`, or `enterprise_<id>`. */
  scope: string;
  templateKey: string;
  displayName: string;
  hidden: boolean;
  copyInstanceOnItemCopy: boolean;
  fields: TemplateField[];
  /** How many times the template was changed: an instance's `$typeVersion`. */
  typeVersion: number;
}

/** Another template of the enterprise already has that key (Box: 409). */
export class TemplateKeyInUse extends Error {
  constructor(readonly templateKey: string) {
    super('template_key_in_use');
  }
}

interface TemplateRow {
  id: string;
  scope: string;
  template_key: string;
  display_name: string;
  hidden: number;
  copy_instance_on_item_copy: number;
  fields: string;
  type_version: number;
}

const fromRow = (r: TemplateRow): MetadataTemplate => ({
  id: r.id,
  scope: r.scope,
  templateKey: r.template_key,
  displayName: r.display_name,
  hidden: r.hidden === 1,
  copyInstanceOnItemCopy: r.copy_instance_on_item_copy === 1,
  fields: JSON.parse(r.fields) as TemplateField[],
  typeVersion: r.type_version,
});

/** The enterprise's metadata templates. Global ones are built in (metadata/global-templates.ts). */
export class MetadataTemplates {
  constructor(private readonly db: Db) {}

  /** A scope's templates, in the order they were made. */
  list(scope: string, page: { offset: number; limit: number }): MetadataTemplate[] {
    return this.db
      .prepare<[string, number, number], TemplateRow>(
        'SELECT * FROM metadata_templates WHERE scope = ? ORDER BY rowid LIMIT ? OFFSET ?',
      )
      .all(scope, page.limit, page.offset)
      .map(fromRow);
  }

  find(scope: string, templateKey: string): MetadataTemplate | undefined {
    const row = this.db
      .prepare<[string, string], TemplateRow>(
        'SELECT * FROM metadata_templates WHERE scope = ? AND template_key = ?',
      )
      .get(scope, templateKey);
    return row && fromRow(row);
  }

  byId(id: string): MetadataTemplate | undefined {
    const row = this.db
      .prepare<[string], TemplateRow>('SELECT * FROM metadata_templates WHERE id = ?')
      .get(id);
    return row && fromRow(row);
  }

  exists(scope: string, templateKey: string): boolean {
    return this.find(scope, templateKey) !== undefined;
  }

  /** A new template, with a new id; its key taken already is a TemplateKeyInUse, and nothing is made. */
  create(template: Omit<MetadataTemplate, 'id' | 'typeVersion'>): MetadataTemplate {
    const id = randomUUID();
    try {
      this.db
        .prepare(
          `INSERT INTO metadata_templates
             (id, scope, template_key, display_name, hidden, copy_instance_on_item_copy, fields, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          template.scope,
          template.templateKey,
          template.displayName,
          template.hidden ? 1 : 0,
          template.copyInstanceOnItemCopy ? 1 : 0,
          JSON.stringify(template.fields),
          boxTime(),
        );
    } catch (err) {
      if (isUniqueViolation(err)) throw new TemplateKeyInUse(template.templateKey);
      throw err;
    }
    return this.byId(id)!;
  }

  /** Save a changed template (its key stays): its type version goes up by one. */
  save(template: MetadataTemplate): MetadataTemplate {
    this.db
      .prepare(
        `UPDATE metadata_templates SET display_name = ?, hidden = ?, copy_instance_on_item_copy = ?, fields = ?,
           type_version = type_version + 1 WHERE id = ?`,
      )
      .run(
        template.displayName,
        template.hidden ? 1 : 0,
        template.copyInstanceOnItemCopy ? 1 : 0,
        JSON.stringify(template.fields),
        template.id,
      );
    return this.byId(template.id)!;
  }

  /** Delete a template and every instance of it, in one transaction. */
  delete(template: MetadataTemplate): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM metadata_instances WHERE scope = ? AND template_key = ?')
        .run(template.scope, template.templateKey);
      this.db.prepare('DELETE FROM metadata_templates WHERE id = ?').run(template.id);
    })();
  }
}
