import type { Logger } from 'pino';
import type { RequestHandler } from 'express';
import type { OidcClient } from '../auth/oidc-client';
import type { BoxService } from '../box/box-service';
import type { Settings } from '../config/settings';
import type { AppState } from '../state';
import type { Metrics } from './metrics';

/** Sign-in, when AUTH_MODE=oidc. */
export interface SignIn {
  oidc: OidcClient;
  /** express-session, configured (cookie, store, secrets). */
  sessions: RequestHandler;
  cookieName: string;
  /** Where people come from: the dev provider in sandbox mode, or the configured issuer. */
  provider: { issuer: string; isDevProvider: boolean };
}

/** What the web layer needs; `createApp` takes it, so a test can build the app with its own. */
export interface AppDeps {
  settings: Pick<
    Settings,
    | 'mode'
    | 'apiHost'
    | 'uploadHost'
    | 'staticHost'
    | 'previewLibraryVersion'
    | 'elementsSource'
    | 'allowSharedLinks'
    | 'tokenRateLimitPerMinute'
    | 'apiRateLimitPerMinute'
    | 'authRateLimitPerMinute'
    | 'readyzRateLimitPerMinute'
    | 'trustProxy'
    | 'authMode'
    | 'sessionMaxHours'
  >;
  /** The origin people use (PUBLIC_URL, or the app's own URL). */
  publicUrl: string;
  /** The Box enterprise the app belongs to (metadata templates are `enterprise_<id>`). */
  enterpriseId: string;
  /** The Host headers the app answers (DNS rebinding). */
  allowedHosts: ReadonlySet<string>;
  box: BoxService;
  state: AppState;
  /** Present with AUTH_MODE=oidc. */
  signIn?: SignIn;
  logger: Logger;
  metrics: Metrics;
  /** How long `/readyz` reuses an answer (READINESS_CACHE_MS unless a test says). */
  readinessCacheMs?: number;
  /** Where the UI Elements' `dist/` and the Lato font files are (defaults: node_modules). */
  paths?: {
    elementsDist?: string;
    fontFiles?: string;
    publicDir?: string;
    viewsDir?: string;
    cacheDir?: string;
    /** box-ui-elements' `i18n/` (the elements' translations) and the app's own catalogs. */
    elementsI18n?: string;
    localesDir?: string;
  };
}
