import type { Request, Response } from 'express';
import { spaceOf } from '../../auth/guard';
import { newWebLinkBody, noQuery, parse } from '../validation';

/**
 * `POST /api/web-links` `{ folderId, url, name?, description? }`: a bookmark in a folder the person
 * can add to (Content Explorer lists and opens bookmarks but has no way to make one). 201 with
 * `{ id, name, url, folderId }`.
 */
export function createWebLink() {
  return async (req: Request, res: Response): Promise<void> => {
    parse(noQuery, req.query, 'query');
    const { folderId, ...link } = parse(newWebLinkBody, req.body, 'body');
    res.status(201).json(await spaceOf(res).createWebLink(folderId, link));
  };
}
