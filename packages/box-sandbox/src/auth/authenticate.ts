import type { NextFunction, Request, Response } from 'express';
import type { SandboxStore } from '../store';
import { accessDenied, invalidToken, missingToken } from '../errors';
import { setCaller } from './caller';
import { parseBoxApiHeader } from './shared-link-access';

/**
 * Every API call carries `Authorization: Bearer <token>`. Missing, unknown, revoked or expired
 * tokens get Box's 401. `As-User: <id>` lets a full service-account token act as a user of its
 * enterprise, as Box allows apps with that permission. `BoxApi: shared_link=…` names a shared link
 * the request may go through (auth/shared-link-access.ts).
 */
export function authenticate(store: SandboxStore) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const bearer = bearerToken(req);
    if (!bearer) return next(missingToken());
    const token = store.tokens.find(bearer);
    if (!token || token.revoked) return next(invalidToken());
    if (token.expiresAt <= Date.now()) return next(invalidToken('The access token provided has expired.'));
    const tokenUser = store.users.get(token.userId);
    if (!tokenUser) return next(invalidToken());

    let user = tokenUser;
    const asUser = req.get('as-user');
    if (asUser !== undefined) {
      const target = /^\d{1,20}$/.test(asUser) ? store.users.get(Number(asUser)) : undefined;
      const mayActAs =
        token.scopes === null &&
        tokenUser.kind === 'service_account' &&
        target !== undefined &&
        target.enterpriseId === tokenUser.enterpriseId;
      if (!mayActAs) return next(accessDenied());
      user = target;
    }
    // A shared link the request may rely on: checked only when it reaches for the link's items.
    const boxApi = parseBoxApiHeader(req.get('boxapi'));
    const sharedLink =
      boxApi || token.sharedLink
        ? { ...boxApi, ...(token.sharedLink ? { linkToken: token.sharedLink } : {}) }
        : null;
    setCaller(req, { user, token, scopes: token.scopes, resource: token.resource, sharedLink });
    next();
  };
}

/**
 * The token from `Authorization: Bearer …`, or, for GETs, from `?access_token=` as Box accepts it:
 * Content Explorer puts it there for thumbnails and for downloads through a hidden iframe.
 */
function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (match) return match[1];
  const fromQuery: unknown =
    req.method === 'GET' ? (req.query as Record<string, unknown>).access_token : undefined;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}
