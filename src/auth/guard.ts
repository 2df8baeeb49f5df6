import type { NextFunction, Request, Response } from 'express';
import type { BoxService, BoxSpace } from '../box/box-service';
import { appUserSubject } from '../box/subject';
import { AppError } from '../app-error';
import type { Person } from './person';

/**
 * Who a request acts as. With sign-in, the person in the session (if any, and if their session
 * is within its absolute lifetime); without (AUTH_MODE=none), everyone is the app's own subject.
 */
export function actAs(box: BoxService, options: { signIn: boolean; maxHours: number }) {
  const maxAgeMs = options.maxHours * 3600_000;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!options.signIn) {
      res.locals.space = box.serviceSpace();
      return next();
    }
    const person = req.session?.person;
    if (!person) return next();
    if (Date.now() - person.signedInAt > maxAgeMs) {
      // Past SESSION_MAX_HOURS, however active: signed out.
      req.session.destroy(() => next());
      return;
    }
    res.locals.person = person;
    res.locals.space = box.space(appUserSubject(person.boxUserId));
    next();
  };
}

/** The signed-in person, if any. */
export const personOf = (res: Response): Person | undefined => res.locals.person as Person | undefined;

/** The space a request works in; only after `actAs` and a sign-in guard. */
export function spaceOf(res: Response): BoxSpace {
  const space = res.locals.space as BoxSpace | undefined;
  if (!space) throw signInRequired();
  return space;
}

export const signInRequired = () =>
  new AppError(
    401,
    'sign_in_required',
    'Sign in to use this: your session has ended or you have not signed in',
  );

/** Pages: a visitor is sent to sign in, and comes back here afterwards. */
export function requireSignInPage(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.space) return next();
  res.redirect(302, `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
}

/** `/api/*`: a visitor gets 401 in the app's JSON error shape. */
export function requireSignInApi(_req: Request, res: Response, next: NextFunction): void {
  next(res.locals.space ? undefined : signInRequired());
}
