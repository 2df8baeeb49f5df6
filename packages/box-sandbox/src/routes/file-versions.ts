import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { badRequest, fileVersionUnusable, itemNameInUse } from '../errors';
import { parseFields } from '../serialize';
import { versionJson } from '../serialize-versions';
import { NameConflict } from '../store/items';
import { versionOf } from './files';
import { checkIfMatch, jsonBody, limitParam, offsetParam, query } from './params';

/**
 * A file's version history, as Content Sidebar's version panel uses it: list the past versions
 * (the current one is not listed, but can be read by its id), remove one (`delete` scope: it stays
 * listed with `trashed_at`), restore it (`delete` scope), or promote one (`upload` scope): a copy
 * of it becomes the new current version.
 */
export function fileVersionHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    list(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'read');
      const offset = offsetParam(req);
      const limit = limitParam(req, 1000, 1000);
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields'));
      res.json({
        total_count: store.versions.countPast(file.id, file.versionId!),
        entries: store.versions
          .past(file.id, file.versionId!, { offset, limit })
          .map((version) => versionJson(version, file, fields, view)),
        offset,
        limit,
      });
    },

    get(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'read');
      const version = versionOf(ctx, file, req.params.versionId);
      res.json(versionJson(version, file, parseFields(query(req, 'fields')), viewOf(ctx, req)));
    },

    // Moves a past version to the trash; the current one cannot go (upload or promote another).
    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'delete');
      checkIfMatch(req, file);
      const version = versionOf(ctx, file, req.params.versionId);
      if (version.id === file.versionId) throw fileVersionUnusable(String(version.id));
      store.versions.trash(version, caller.user.id);
      res.status(204).end();
    },

    // `{trashed_at: null}` restores a removed version.
    restore(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'delete');
      const version = versionOf(ctx, file, req.params.versionId);
      const body = jsonBody(req);
      if (!('trashed_at' in body) || body.trashed_at !== null)
        throw badRequest("'trashed_at' must be null: that restores the version");
      store.versions.restore(version, caller.user.id);
      res.json(versionJson(store.items.version(version.id)!, file, null, viewOf(ctx, req)));
    },

    // The file gets a new current version with that version's bytes and name (Box's promote).
    promote(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'upload');
      const body = jsonBody(req);
      if (body.type !== undefined && body.type !== 'file_version')
        throw badRequest("'type' must be 'file_version'");
      if (typeof body.id !== 'string' && typeof body.id !== 'number')
        throw badRequest("'id' is required: the id of the version to promote", 'missing_parameter');
      const version = versionOf(ctx, file, String(body.id));
      if (version.id === file.versionId || version.trashedAt !== null)
        throw fileVersionUnusable(String(version.id));
      const newName = version.name === file.name ? undefined : version.name;
      try {
        const promoted = store.transaction(() => {
          const made = store.items.addVersion(file.id, version, caller.user.id, newName, version.id);
          ctx.events.record(req, 'ITEM_MAKE_CURRENT_VERSION', made);
          return made;
        });
        res
          .status(201)
          .json(
            versionJson(
              store.items.version(promoted.versionId!)!,
              promoted,
              parseFields(query(req, 'fields')),
              viewOf(ctx, req),
            ),
          );
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      }
    },
  };
}
