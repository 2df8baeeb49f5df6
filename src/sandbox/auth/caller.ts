import type { Request } from 'express';
import type { TokenResource, StoredToken } from '../store/tokens';
import type { User } from '../store/users';

/** Who is calling, and with what token: set by `authenticate` on every /2.0 and /api/2.0 request. */
export interface Caller {
  /** The user the request acts as (the As-User target when that header is used). */
  user: User;
  token: StoredToken;
  /** null for a full token. */
  scopes: string[] | null;
  resource: TokenResource | null;
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
