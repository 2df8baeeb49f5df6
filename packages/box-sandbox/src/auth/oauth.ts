import type { Request, Response } from 'express';
import jwt, { type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import type { SandboxStore } from '../store';
import type { App } from '../store/apps';
import type { TokenResource } from '../store/tokens';
import type { Stats } from '../testing/stats';
import {
  invalidClient,
  invalidGrant,
  invalidOAuthRequest,
  invalidResource,
  invalidScope,
  missingGrantType,
  resourceAndSharedLink,
  unsupportedGrantType,
  userTokensDisabled,
} from '../errors';
import { miniItem } from '../serialize';
import { clientCredentialsGrant } from './client-credentials';
import { ACCESS_TOKEN_TYPE, issueFullToken } from './full-token';
import { isKnownScope } from './scopes';
import { SharedLinkGate } from './shared-link-access';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const CLIENT_CREDENTIALS = 'client_credentials';
/** box-node-sdk 10 hard-codes this audience, whatever host it talks to; so does Box. */
const AUDIENCE = 'https://api.box.com/oauth2/token';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;
/** Box refuses an assertion whose `exp` is more than 60 s away. */
const MAX_ASSERTION_LIFETIME_S = 60;

export interface OAuthOptions {
  tokenTtlSeconds: number;
}

/**
 * `/oauth2/token` (JWT bearer grant, Client Credentials Grant, token exchange) and
 * `/oauth2/revoke`, with Box's checks and texts.
 */
export function oauthHandlers(store: SandboxStore, stats: Stats, options: OAuthOptions) {
  return {
    token(req: Request, res: Response) {
      const form = formOf(req);
      res.set('Cache-Control', 'no-store');
      switch (form.grant_type) {
        case JWT_BEARER:
          res.json(jwtBearerGrant(store, form, options));
          stats.countGrant('jwt_bearer');
          return;
        case CLIENT_CREDENTIALS:
          res.json(clientCredentialsGrant(store, form, options.tokenTtlSeconds));
          stats.countGrant('client_credentials');
          return;
        case TOKEN_EXCHANGE:
          res.json(tokenExchange(store, form, req.get('as-user'), options));
          stats.countGrant('token_exchange');
          return;
        case undefined:
        case '':
          throw missingGrantType();
        default:
          throw unsupportedGrantType();
      }
    },

    revoke(req: Request, res: Response) {
      const form = formOf(req);
      if (!store.apps.authenticate(form.client_id ?? '', form.client_secret ?? '')) throw invalidClient();
      if (form.token) store.tokens.revoke(form.token);
      stats.countGrant('revoke');
      res.status(200).end();
    },
  };
}

type Form = Record<string, string | undefined>;

function formOf(req: Request): Form {
  const body: unknown = req.body;
  const form: Form = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  }
  return form;
}

function jwtBearerGrant(store: SandboxStore, form: Form, options: OAuthOptions) {
  if (!form.assertion) throw invalidOAuthRequest("The 'assertion' parameter is missing");
  const app = store.apps.authenticate(form.client_id ?? '', form.client_secret ?? '');
  if (!app) throw invalidClient();

  const claims = verifyAssertion(app, form.assertion);
  const userId = subjectUserId(store, app, claims);
  if (!store.tokens.useJti(claims.jti as string, (claims.exp as number) * 1000))
    throw invalidGrant("Please check the 'jti' claim. A unique 'jti' value is required.");

  return issueFullToken(store, app.clientId, userId, options.tokenTtlSeconds);
}

/** The assertion's signature and claims, checked in the order Box reports them. */
function verifyAssertion(app: App, assertion: string): JwtPayload {
  const decoded = jwt.decode(assertion, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object')
    throw invalidGrant('Invalid JWT. Please check the assertion.');
  const header: JwtHeader = decoded.header;
  if (!(ALGORITHMS as readonly string[]).includes(header.alg))
    throw invalidGrant("Please check the 'alg' header. Supported algorithms are RS256, RS384 and RS512.");
  // box-node-sdk 10 sends no kid; when one is sent it must name the app's key.
  if (header.kid !== undefined && header.kid !== app.publicKeyId)
    throw invalidGrant("Please check the 'kid' header. The public key could not be found.");
  try {
    jwt.verify(assertion, app.publicKeyPem, { algorithms: [...ALGORITHMS], ignoreExpiration: true });
  } catch {
    throw invalidGrant(
      "Signature verification error. The public key identified by the 'kid' must correspond to the private key used for signing.",
    );
  }
  const claims = decoded.payload;
  if (claims.iss !== app.clientId) throw invalidGrant("Please check the 'iss' claim.");
  if (claims.aud !== AUDIENCE) throw invalidGrant(`Please check the 'aud' claim. It must be '${AUDIENCE}'.`);
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    throw invalidGrant(
      "Please check the 'exp' claim. Current date/time MUST be before the expiration date/time listed in the 'exp' claim.",
    );
  if (claims.exp > now + MAX_ASSERTION_LIFETIME_S)
    throw invalidGrant(
      "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the issue time.",
    );
  if (typeof claims.jti !== 'string' || claims.jti.length < 16 || claims.jti.length > 128)
    throw invalidGrant(
      "Please check the 'jti' claim. The 'jti' value must be between 16 and 128 characters long.",
    );
  return claims;
}

/** `sub` names the enterprise (its service account) or one of its app users. */
function subjectUserId(store: SandboxStore, app: App, claims: JwtPayload): number {
  const subType: unknown = claims['box_sub_type'];
  const badSub = () => invalidGrant("Please check the 'sub' claim. The 'sub' specified is invalid.");
  if (subType === 'enterprise') {
    if (claims.sub !== app.enterpriseId) throw badSub();
    const account = store.users.serviceAccountOf(app.enterpriseId);
    if (!account) throw badSub();
    return account.id;
  }
  if (subType === 'user') {
    const user = /^\d{1,20}$/.test(claims.sub ?? '') ? store.users.get(Number(claims.sub)) : undefined;
    if (!user || user.kind !== 'app_user' || user.enterpriseId !== app.enterpriseId) throw badSub();
    if (!app.userAccessTokens) throw userTokensDisabled();
    return user.id;
  }
  throw invalidGrant("Please check the 'box_sub_type' claim. It must be 'enterprise' or 'user'.");
}

const RESOURCE_URL = /^https?:\/\/[^/]+\/2\.0\/(folders|files)\/(\d{1,20})$/;

/** Downscoping: a narrower token for one item, never wider than the token it comes from. */
function tokenExchange(store: SandboxStore, form: Form, asUser: string | undefined, options: OAuthOptions) {
  if (!form.subject_token || form.subject_token_type !== ACCESS_TOKEN_TYPE)
    throw invalidOAuthRequest("The 'subject_token' and 'subject_token_type' parameters are required.");
  if (!form.scope) throw invalidOAuthRequest("The 'scope' parameter is required.");
  if (form.resource !== undefined && form.box_shared_link !== undefined) throw resourceAndSharedLink();

  const subject = store.tokens.find(form.subject_token);
  if (!subject || subject.revoked || subject.expiresAt <= Date.now())
    throw invalidGrant('The subject token is invalid or has expired.');
  // Box refuses to downscope through As-User: get a token as the user instead.
  if (asUser !== undefined) throw invalidResource();

  const scopes = [...new Set(form.scope.split(/\s+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !isKnownScope(s));
  if (unknown.length > 0) throw invalidScope(`Unknown scope: ${unknown.join(' ')}`);
  if (subject.scopes !== null && scopes.some((s) => !subject.scopes!.includes(s)))
    throw invalidScope('The requested scope exceeds the scope of the subject token.');

  let resource: TokenResource | null;
  let sharedLink: string | null;
  if (form.box_shared_link !== undefined) {
    ({ resource, sharedLink } = resolveSharedLink(store, subject, form.box_shared_link));
  } else {
    resource =
      form.resource === undefined ? subject.resource : resolveResource(store, subject, form.resource);
    sharedLink = subject.sharedLink ?? null;
  }
  const object = resource ? resourceObject(store, resource) : undefined;

  const expiresAt = Math.min(Date.now() + options.tokenTtlSeconds * 1000, subject.expiresAt);
  const accessToken = store.tokens.issue({
    userId: subject.userId,
    clientId: subject.clientId,
    scopes,
    resource,
    expiresAt,
    parentHash: subject.hash,
    sharedLink,
  });
  return {
    access_token: accessToken,
    expires_in: Math.floor((expiresAt - Date.now()) / 1000),
    token_type: 'bearer',
    restricted_to: object ? scopes.map((scope) => ({ scope, object })) : [],
    issued_token_type: ACCESS_TOKEN_TYPE,
  };
}

function resolveResource(
  store: SandboxStore,
  subject: { userId: number; resource: TokenResource | null },
  url: string,
): TokenResource {
  const match = RESOURCE_URL.exec(url);
  if (!match) throw invalidResource();
  const type = match[1] === 'folders' ? 'folder' : 'file';
  const id = Number(match[2]);
  if (!(type === 'folder' && id === 0)) {
    const item = store.items.get(id);
    if (!item || item.type !== type || item.ownerId !== subject.userId || item.trashedAt !== null)
      throw invalidResource();
    // A downscoped subject can only be narrowed further, never moved elsewhere.
    const within = subject.resource;
    if (
      within &&
      !(within.type === 'folder' && (within.id === 0 || store.items.isWithin(item, within.id))) &&
      within.id !== id
    )
      throw invalidResource();
  } else if (subject.resource && !(subject.resource.type === 'folder' && subject.resource.id === 0)) {
    throw invalidResource();
  }
  return { type, id };
}

/**
 * `box_shared_link`: a token for the file or folder a shared link shares (its resource), for a subject
 * whose user the link's access level lets in. What it may do there is what the link allows a
 * holder who is not the owner (read, preview, download if the link allows it), within its
 * scopes; requests that rely on a password-protected link still send the password in `BoxApi`.
 * A subject already restricted to an item can only be narrowed to the same link.
 */
function resolveSharedLink(
  store: SandboxStore,
  subject: { userId: number; resource: TokenResource | null; sharedLink?: string | null },
  url: string,
): { resource: TokenResource; sharedLink: string } {
  const gate = new SharedLinkGate(store);
  const link = gate.linkAt(url);
  const grant = link && gate.grantOf(link);
  // Box's downscoping guide: a shared link of a web link cannot be exchanged (files and folders only).
  if (!grant || grant.item.type === 'web_link') throw invalidResource();
  if (subject.resource !== null && subject.sharedLink !== grant.link.token) throw invalidResource();
  try {
    gate.checkAccessLevel(grant, store.users.get(subject.userId) ?? null);
  } catch {
    throw invalidResource();
  }
  return { resource: { type: grant.item.type, id: grant.item.id }, sharedLink: grant.link.token };
}

function resourceObject(store: SandboxStore, resource: TokenResource): Record<string, unknown> {
  if (resource.type === 'folder' && resource.id === 0)
    return { type: 'folder', id: '0', sequence_id: null, etag: null, name: 'All Files' };
  return miniItem(store.items.get(resource.id)!);
}
