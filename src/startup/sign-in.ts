import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OidcClient } from '../auth/oidc-client';
import { sessionCookieName, sessionMiddleware } from '../auth/sessions';
import type { Settings } from '../config/settings';
import { startDevIdp, type RunningDevIdp } from '../dev-idp/server';
import { keptSecret } from '../kept-secret';
import type { AppState } from '../state';
import type { SignIn } from '../web/deps';

export interface StartedSignIn {
  signIn: SignIn;
  /** Present when no provider was configured: the development provider started here. */
  devIdp?: RunningDevIdp;
}

/**
 * Sign-in (AUTH_MODE=oidc): the configured OpenID provider, or in sandbox mode without
 * OIDC_ISSUER the development provider, started here. The session secret is SESSION_SECRET, or in
 * sandbox mode one made once and kept, like the dev provider's keys, in the app's data dir.
 */
export async function startSignIn(
  settings: Settings,
  publicUrl: string,
  state: AppState,
): Promise<StartedSignIn> {
  const redirectUri = `${publicUrl}/auth/callback`;
  const postLogoutRedirectUri = `${publicUrl}/`;
  let devIdp: RunningDevIdp | undefined;
  let provider = settings.oidc;
  if (!provider || !settings.sessionSecrets) mkdirSync(settings.appDataDir, { recursive: true, mode: 0o700 });
  const secrets = settings.sessionSecrets ?? [
    keptSecret(path.join(settings.appDataDir, 'session-secret'), () => randomBytes(32).toString('hex')),
  ];
  // Started last: what follows only builds objects, so a failure here leaves nothing running.
  if (!provider) {
    const issuerHost = new URL(publicUrl).hostname;
    devIdp = await startDevIdp({
      dataDir: settings.appDataDir,
      port: settings.devIdpPort,
      // Loopback only, like the sandbox, whatever HOST the app listens on: it signs anyone in at a
      // click, and is for this machine's browser alone. IPv6's when the app is reached at [::1].
      host: issuerHost === '[::1]' ? '::1' : '127.0.0.1',
      issuerHost,
      redirectUri,
      postLogoutRedirectUri,
      extraPeople: settings.devIdpExtraPeople,
    });
    provider = { issuer: devIdp.issuer, clientId: devIdp.clientId, clientSecret: devIdp.clientSecret };
  }
  return {
    devIdp,
    signIn: {
      oidc: new OidcClient({ ...provider, redirectUri, postLogoutRedirectUri }),
      sessions: sessionMiddleware({
        secrets,
        publicUrl,
        behindTlsProxy: !settings.tls && publicUrl.startsWith('https:'),
        maxHours: settings.sessionMaxHours,
        store: state.sessions,
      }),
      cookieName: sessionCookieName(publicUrl),
      provider: { issuer: provider.issuer, isDevProvider: devIdp !== undefined },
    },
  };
}
