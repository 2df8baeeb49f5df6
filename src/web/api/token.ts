import type { Request, Response } from 'express';
import { badRequest, notFound } from '../../app-error';
import { spaceOf } from '../../auth/guard';
import { FILE_ELEMENTS, isElement } from '../../box/scopes';
import { sendJson } from '../send-json';
import { fileIdQuery, parse } from '../validation';

/**
 * `GET /api/token/:element`: a token downscoped to what that UI Element needs, restricted to the
 * signed-in person's folder, or for Preview and the Sidebar to one file inside it. Never the
 * person's own token.
 */
export function tokenHandler() {
  return async (req: Request, res: Response): Promise<void> => {
    const space = spaceOf(res);
    const element = req.params.element;
    if (!isElement(element)) throw notFound(`No such element: ${String(element).slice(0, 40)}`);
    // Most requests have no query string (all but Preview's): nothing to parse then.
    const { fileId } = req.url.includes('?') ? parse(fileIdQuery, req.query, 'query') : { fileId: undefined };

    let resource: { type: 'folder' | 'file'; id: string };
    if (FILE_ELEMENTS.includes(element)) {
      if (!fileId) throw badRequest(`query.fileId: required for the ${element} element`, 'invalid_request');
      await space.assertContains(fileId);
      resource = { type: 'file', id: fileId };
    } else {
      if (fileId)
        throw badRequest(
          'query.fileId: only the preview and sidebar elements take a file',
          'invalid_request',
        );
      resource = { type: 'folder', id: (await space.folder()).id };
    }

    const token = await space.uiToken(element, resource);
    res.setHeader('Cache-Control', 'no-store');
    sendJson(res, {
      accessToken: token.accessToken,
      expiresAt: new Date(token.expiresAt).toISOString(),
      expiresIn: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
      scopes: token.scopes,
      resource: token.resource,
    });
  };
}
