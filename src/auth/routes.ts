import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BoxService } from '../box/box-service';
import { fromBoxError } from '../box/box-api-errors';
import { appUserSubject } from '../box/subject';
import { errorSummary } from '../logger';
import { ProviderUnavailable, SignInRefused, type OidcClient } from './oidc-client';
import type { PendingLogin } from './person';
import { safeReturnTo } from './return-to';
import { localizedOf } from '../i18n/localize';
import { provisionPerson } from './sign-in';

export interface AuthRoutesDeps {
  oidc: OidcClient;
  box: BoxService;
  logger: Logger;
  /** PUBLIC_URL: the callback's URL as the provider saw it is built on it (not on a proxy's view). */
  publicUrl: string;
  /** The session cookie's name, cleared at sign-out. */
  cookieName: string;
}

/** A sign-in started more than this long ago is refused at the callback. */
const PENDING_LOGIN_MS = 10 * 60_000;
/** How many sign-ins may be under way in one browser at once (tabs). */
const MAX_PENDING_LOGINS = 5;

/** The provider's `error` codes the sign-in error page explains in words (`signInError.<code>`). */
const PROVIDER_ERRORS = new Set(['access_denied', 'login_required', 'consent_required', 'invalid_grant']);

/** A callback whose `state` is unknown, spent or too old. */
class NotStartedHere extends SignInRefused {}

/** `/auth/login`, `/auth/callback` and `/auth/logout`. */
export function authRoutes(deps: AuthRoutesDeps) {
  const { oidc, box, logger } = deps;

  /** `GET /auth/login?returnTo=/path`: off to the provider, and back to `returnTo` afterwards. */
  async function login(req: Request, res: Response): Promise<void> {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (req.session.person) return res.redirect(302, returnTo);
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await oidc.start(localizedOf(res).requested);
    } catch (err) {
      return signInFailed(req, res, err, returnTo);
    }
    const pending: PendingLogin = {
      nonce: started.nonce,
      codeVerifier: started.codeVerifier,
      returnTo,
      startedAt: Date.now(),
    };
    req.session.pendingLogins = recent({ ...req.session.pendingLogins, [started.state]: pending });
    await save(req);
    res.redirect(302, started.url);
  }

  /** `GET /auth/callback?code=&state=` (or `?error=`): finish, provision, and a fresh session. */
  async function callback(req: Request, res: Response): Promise<void> {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const pending = state ? req.session.pendingLogins?.[state] : undefined;
    // One use only: whatever happens next, this state is spent.
    if (state && pending) {
      delete req.session.pendingLogins![state];
      await save(req);
    }
    // Judged again: a sign-in started before an upgrade may carry a value judged more leniently.
    const returnTo = safeReturnTo(pending?.returnTo);
    try {
      if (!state || !pending || Date.now() - pending.startedAt > PENDING_LOGIN_MS)
        throw new NotStartedHere('This sign-in was not started here, has expired, or has already been used.');
      if (typeof req.query.error === 'string')
        throw new SignInRefused(`The identity provider said: ${req.query.error}`, req.query.error);
      const claims = await oidc.finish(new URL(req.originalUrl, deps.publicUrl), {
        state,
        nonce: pending.nonce,
        codeVerifier: pending.codeVerifier,
      });
      const person = await provisionPerson(box, claims, logger);
      // A new session id at sign-in: one fixed before (by whoever set the cookie) is worthless.
      await regenerate(req);
      req.session.person = person;
      await save(req);
      res.redirect(302, returnTo);
    } catch (err) {
      signInFailed(req, res, err, returnTo);
    }
  }

  /**
   * `POST /auth/logout` (refused cross-site): end the session, revoke at Box every token handed out
   * for the person and their parent token, then end the provider's session where it can.
   */
  async function logout(req: Request, res: Response): Promise<void> {
    const person = req.session.person;
    await destroy(req);
    res.clearCookie(deps.cookieName, { path: '/' });
    if (!person) return res.redirect(303, '/');
    try {
      await box.revokeAll(appUserSubject(person.boxUserId));
    } catch (err) {
      // They are signed out here regardless; what Box did not revoke expires within the hour.
      logger.warn(
        { boxUserId: person.boxUserId, ...errorSummary(err) },
        'sign-out: revocation at Box failed',
      );
    }
    logger.info({ boxUserId: person.boxUserId }, 'signed out');
    res.redirect(303, (await oidc.endSessionUrl(person.idToken)) ?? '/');
  }

  /** A readable page with a way to try again; never a 500 or a stack. */
  function signInFailed(req: Request, res: Response, err: unknown, returnTo: string): void {
    const retry = `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
    const { t } = localizedOf(res);
    let status: number;
    let message: string;
    if (err instanceof NotStartedHere) {
      status = 400;
      message = t('signInError.notStartedHere');
    } else if (err instanceof SignInRefused) {
      status = 400;
      message =
        err.providerError && PROVIDER_ERRORS.has(err.providerError)
          ? t(`signInError.${err.providerError}`)
          : t('signInError.refused');
    } else if (err instanceof ProviderUnavailable) {
      status = 503;
      message = t('signInError.providerUnavailable');
      res.set('Retry-After', '5');
    } else {
      // Box (provisioning the person's app user and folder) or the session store failed.
      const appError = fromBoxError(err);
      const isOurs = appError.code === 'internal_error';
      status = appError.status >= 500 || isOurs ? 503 : appError.status;
      message = isOurs ? t('signInError.internal') : t('signInError.boxSpace');
      res.set('Retry-After', String(appError.retryAfterSeconds ?? 5));
      if (isOurs) logger.error({ requestId: req.id, ...errorSummary(err) }, 'sign-in failed unexpectedly');
    }
    logger.warn({ requestId: req.id, status, ...errorSummary(err) }, 'sign-in failed');
    res.set('Cache-Control', 'no-store');
    res.status(status).render('sign-in-error', { title: t('signInError.title'), message, retry, status });
  }

  return { login, callback, logout };
}

/** The `MAX_PENDING_LOGINS` most recent sign-ins under way, none older than allowed. */
function recent(pending: Record<string, PendingLogin>): Record<string, PendingLogin> {
  const now = Date.now();
  return Object.fromEntries(
    Object.entries(pending)
      .filter(([, p]) => now - p.startedAt <= PENDING_LOGIN_MS)
      .sort(([, a], [, b]) => b.startedAt - a.startedAt)
      .slice(0, MAX_PENDING_LOGINS),
  );
}

const save = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((err: unknown) => (err ? reject(err) : resolve())));
const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())),
  );
const destroy = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.destroy((err: unknown) => (err ? reject(err) : resolve())),
  );
