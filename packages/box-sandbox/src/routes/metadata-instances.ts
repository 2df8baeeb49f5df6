import type { Request, Response } from 'express';
import { callerOf, type Caller } from '../auth/caller';
import type { Operation } from '../auth/scopes';
import type { SandboxContext } from '../context';
import {
  instanceTemplateNotFound,
  metadataInstanceExists,
  metadataInstanceNotFound,
  rootFolderHasNoMetadata,
} from '../errors';
import { instanceJson, type InstanceView } from '../metadata/instance-json';
import { patchValues } from '../metadata/json-patch';
import { resolveScope } from '../metadata/scopes';
import { findTemplate } from '../metadata/templates';
import { checkValues } from '../metadata/values';
import type { Item } from '../store/items';
import { InstanceExists, type MetadataInstance } from '../store/metadata-instances';
import type { MetadataTemplate } from '../store/metadata-templates';

type ItemType = 'file' | 'folder';

/**
 * Metadata instances on files and folders: list, get, apply (POST), change (PUT, a JSON-Patch)
 * and remove. Reading needs a scope that reads; the rest the `metadata` operation's scopes
 * (`item_upload`, as Box's Content Sidebar guide says). An item the caller cannot see is 404.
 */
export function metadataInstanceHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  function itemOf(type: ItemType, req: Request, need: Operation): Item {
    const caller = callerOf(req);
    return type === 'file'
      ? access.file(caller, req.params.id, need)
      : access.folder(caller, req.params.id, need);
  }

  /** The template of the URL's `:scope/:templateKey`, built in or the enterprise's. */
  function templateOf(req: Request): MetadataTemplate {
    const scope = resolveScope(String(req.params.scope), callerOf(req).user.enterpriseId);
    const templateKey = String(req.params.templateKey);
    const template = findTemplate(store, scope, templateKey);
    if (!template) throw instanceTemplateNotFound(scope, templateKey);
    return template;
  }

  function instanceOf(item: Item, template: MetadataTemplate): MetadataInstance {
    const instance = isRoot(item)
      ? undefined
      : store.metadataInstances.get(item.id, template.scope, template.templateKey);
    if (!instance) throw metadataInstanceNotFound();
    return instance;
  }

  const viewFor = (caller: Caller, item: Item): InstanceView => ({
    itemType: item.type,
    canEdit: access.allows(caller, item, 'metadata'),
  });

  const handlers = (type: ItemType) => ({
    list(req: Request, res: Response) {
      const item = itemOf(type, req, 'read');
      const view = viewFor(callerOf(req), item);
      const entries = isRoot(item)
        ? []
        : store.metadataInstances.ofItem(item.id).flatMap((instance) => {
            const template = findTemplate(store, instance.scope, instance.templateKey);
            return template ? [instanceJson(instance, template, view)] : [];
          });
      res.json({ entries, limit: 100 });
    },

    get(req: Request, res: Response) {
      const item = itemOf(type, req, 'read');
      const template = templateOf(req);
      res.json(instanceJson(instanceOf(item, template), template, viewFor(callerOf(req), item)));
    },

    create(req: Request, res: Response) {
      const item = itemOf(type, req, 'metadata');
      if (isRoot(item)) throw rootFolderHasNoMetadata();
      const template = templateOf(req);
      const values = checkValues(template, req.body ?? {});
      try {
        const instance = store.metadataInstances.create(
          item.id,
          template.scope,
          template.templateKey,
          values,
          template.typeVersion,
        );
        res.status(201).json(instanceJson(instance, template, viewFor(callerOf(req), item)));
      } catch (err) {
        if (err instanceof InstanceExists) throw metadataInstanceExists(type);
        throw err;
      }
    },

    // A JSON-Patch, applied to a copy of the values and checked against the template before
    // anything is written: all of it or none, as Box.
    update(req: Request, res: Response) {
      const item = itemOf(type, req, 'metadata');
      const template = templateOf(req);
      const updated = store.transaction(() => {
        const instance = instanceOf(item, template);
        const values = checkValues(template, patchValues(instance.values, req.body));
        return store.metadataInstances.update(instance.id, values, template.typeVersion);
      });
      res.json(instanceJson(updated, template, viewFor(callerOf(req), item)));
    },

    delete(req: Request, res: Response) {
      const item = itemOf(type, req, 'metadata');
      store.metadataInstances.delete(instanceOf(item, templateOf(req)).id);
      res.status(204).end();
    },
  });

  const files = handlers('file');
  const folders = handlers('folder');
  return {
    listOnFile: files.list,
    getOnFile: files.get,
    createOnFile: files.create,
    updateOnFile: files.update,
    deleteOnFile: files.delete,
    listOnFolder: folders.list,
    getOnFolder: folders.get,
    createOnFolder: folders.create,
    updateOnFolder: folders.update,
    deleteOnFolder: folders.delete,
  };
}

const isRoot = (item: Item) => item.type === 'folder' && item.id === 0;
