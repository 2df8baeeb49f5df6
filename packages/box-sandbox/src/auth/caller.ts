import type { Request } from 'express';
import type { TokenResource, StoredToken } from '../store/tokens';
import type { User } from '../store/users';
import type { SharedLinkClaim } from './shared-link-access';

/** Who is calling, and with what token: set by `authenticate` on every /2.0 and /api/2.0 request. */
export interface Caller {
  /** The user the request acts as (the As-User target when that header is used). */
  user: User;
  token: StoredToken;
  /** null for a full token. */
  scopes: string[] | null;
  resource: TokenResource | null;
  /**
   * The shared link the request relies on (a BoxApi header, or a token exchanged for a link),
   * checked only when it is used: see Access.
   */
  sharedLink: SharedLinkClaim | null;
}

const callers = new WeakMap<Request, Caller>();

export function setCaller(req: Request, caller: Caller): void {
  callers.set(req, caller);
}

export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error('route mounted without authenticate()');
  return caller;
}
