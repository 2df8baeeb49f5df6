import type { Request, Response } from 'express';
import { spaceOf } from '../../auth/guard';
import { emptyBody, itemsQuery, noQuery, parse } from '../validation';

/** `POST /api/demo-folder`: create (201) or reuse (200) the person's folder, seeded when empty. */
export function ensureDemoFolder() {
  return async (req: Request, res: Response): Promise<void> => {
    parse(noQuery, req.query, 'query');
    parse(emptyBody, req.body, 'body');
    const folder = await spaceOf(res).ensureFolder();
    res
      .status(folder.created ? 201 : 200)
      .json({ id: folder.id, name: folder.name, created: folder.created });
  };
}

/** `GET /api/demo-folder`: its id, name and how many items it holds. */
export function describeDemoFolder() {
  return async (req: Request, res: Response): Promise<void> => {
    parse(noQuery, req.query, 'query');
    res.json(await spaceOf(res).summary());
  };
}

/** `GET /api/demo-folder/items?limit=&marker=`: one page, by Box's marker paging. */
export function listDemoFolder() {
  return async (req: Request, res: Response): Promise<void> => {
    const { limit, marker } = parse(itemsQuery, req.query, 'query');
    res.json(await spaceOf(res).items(limit, marker));
  };
}
