import type { Request, Response } from 'express';
import { callerOf, type Caller } from '../auth/caller';
import type { SandboxContext } from '../context';
import {
  badRequest,
  globalTemplatesReadOnly,
  metadataTemplateIdUnknown,
  metadataTemplateKeyInUse,
  metadataTemplateNotFound,
} from '../errors';
import { GLOBAL_SCOPE, globalTemplates } from '../metadata/global-templates';
import { offsetMarker, readOffsetMarker } from '../metadata/markers';
import { enterpriseScope, resolveScope } from '../metadata/scopes';
import { templateInput, templateKeyFrom } from '../metadata/template-input';
import { applyTemplateOperations } from '../metadata/template-operations';
import { findTemplate, findTemplateById, templateJson } from '../metadata/templates';
import { TemplateKeyInUse, type MetadataTemplate } from '../store/metadata-templates';
import { jsonBody, limitParam, query } from './params';

/**
 * Metadata templates: Box's global ones (built in) and the enterprise's. Any token reads them
 * (Content Sidebar lists them with a downscoped token); only the enterprise's admin, the service
 * account's own full token, creates, changes or deletes them.
 */
export function metadataTemplateHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const ownScope = (caller: Caller) => enterpriseScope(caller.user.enterpriseId);

  /** The template of a `/:scope/:templateKey/schema` URL. */
  function templateOf(req: Request): MetadataTemplate {
    const caller = callerOf(req);
    const scope = resolveScope(String(req.params.scope), caller.user.enterpriseId);
    const template = findTemplate(store, scope, String(req.params.templateKey));
    if (!template || (scope !== GLOBAL_SCOPE && scope !== ownScope(caller))) throw metadataTemplateNotFound();
    return template;
  }

  /** A template the admin may change: the enterprise's, not a global one. */
  function changeableTemplateOf(req: Request): MetadataTemplate {
    access.requireServiceAccount(callerOf(req));
    const template = templateOf(req);
    if (template.scope === GLOBAL_SCOPE) throw globalTemplatesReadOnly();
    return template;
  }

  /** Box's marker-paged list of templates. */
  function listPage(
    req: Request,
    res: Response,
    pageOf: (offset: number, limit: number) => MetadataTemplate[],
  ) {
    const limit = limitParam(req, 100, 1000);
    const marker = query(req, 'marker');
    const offset = marker === undefined || marker === '' ? 0 : readOffsetMarker(marker);
    if (offset === null)
      throw badRequest(`Invalid value '${String(marker).slice(0, 100)}'. 'marker' is not a valid marker.`);
    const rows = pageOf(offset, limit + 1);
    res.json({
      limit,
      next_marker: rows.length > limit ? offsetMarker(offset + limit) : null,
      prev_marker: null,
      entries: rows.slice(0, limit).map(templateJson),
    });
  }

  return {
    enterprise(req: Request, res: Response) {
      const scope = ownScope(callerOf(req));
      listPage(req, res, (offset, limit) => store.metadataTemplates.list(scope, { offset, limit }));
    },

    global(req: Request, res: Response) {
      listPage(req, res, (offset, limit) => globalTemplates().slice(offset, offset + limit));
    },

    // GET /metadata_templates?metadata_instance_id=: the template of an instance the caller can see.
    byInstance(req: Request, res: Response) {
      const instanceId = query(req, 'metadata_instance_id');
      if (instanceId === undefined || instanceId === '')
        throw badRequest("'metadata_instance_id' is required", 'bad_request');
      const caller = callerOf(req);
      const instance = store.metadataInstances.byId(instanceId);
      const item = instance && store.items.get(instance.itemId);
      const template =
        instance && item && item.trashedAt === null && access.isVisible(caller, item)
          ? findTemplate(store, instance.scope, instance.templateKey)
          : undefined;
      res.json({
        limit: 1,
        next_marker: null,
        prev_marker: null,
        entries: template ? [templateJson(template)] : [],
      });
    },

    get(req: Request, res: Response) {
      res.json(templateJson(templateOf(req)));
    },

    byId(req: Request, res: Response) {
      const id = String(req.params.templateId);
      const template = findTemplateById(store, id);
      if (!template || (template.scope !== GLOBAL_SCOPE && template.scope !== ownScope(callerOf(req))))
        throw metadataTemplateIdUnknown(id);
      res.json(templateJson(template));
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const scope = ownScope(caller);
      const input = templateInput(jsonBody(req), scope);
      const templateKey =
        input.templateKey ??
        templateKeyFrom(input.displayName, (key) => store.metadataTemplates.exists(scope, key));
      try {
        const template = store.metadataTemplates.create({
          scope,
          templateKey,
          displayName: input.displayName,
          hidden: input.hidden,
          copyInstanceOnItemCopy: input.copyInstanceOnItemCopy,
          fields: input.fields,
        });
        res.status(201).json(templateJson(template));
      } catch (err) {
        if (err instanceof TemplateKeyInUse) throw metadataTemplateKeyInUse(err.templateKey);
        throw err;
      }
    },

    // The operations apply to the template and, where they change what values may be, to
    // every instance of it: all of it in one transaction.
    update(req: Request, res: Response) {
      const template = changeableTemplateOf(req);
      const change = applyTemplateOperations(template, req.body);
      const saved = store.transaction(() => {
        for (const instance of store.metadataInstances.ofTemplate(template.scope, template.templateKey)) {
          const values = change.rewrite(instance.values);
          if (values !== instance.values) store.metadataInstances.rewrite(instance.id, values);
        }
        return store.metadataTemplates.save(change.template);
      });
      res.json(templateJson(saved));
    },

    delete(req: Request, res: Response) {
      store.metadataTemplates.delete(changeableTemplateOf(req));
      res.status(204).end();
    },
  };
}
