import type { NextFunction, Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { downloadLinkInvalid } from '../errors';
import { sendVersion } from './send-version';

/**
 * The short-lived download URLs (Box's dl.boxcloud.com) that `GET /2.0/files/:id/content`
 * redirects to: anyone holding one gets the bytes until it expires, with no token.
 */
export function downloadHandlers(ctx: SandboxContext) {
  const { store, tickets } = ctx;

  return {
    byTicket(req: Request, res: Response, next: NextFunction) {
      const versionId = typeof req.params.ticket === 'string' ? tickets.verify(req.params.ticket) : undefined;
      const version = versionId === undefined ? undefined : store.items.version(versionId);
      if (!version) throw downloadLinkInvalid();
      sendVersion(res, store, version, 'attachment', next);
    },
  };
}
