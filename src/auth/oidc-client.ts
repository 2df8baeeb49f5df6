import * as oidc from 'openid-client';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `PUBLIC_URL/auth/callback`: registered with the provider. */
  redirectUri: string;
  /** Where the provider sends people after RP-initiated logout (`PUBLIC_URL/`). */
  postLogoutRedirectUri: string;
}

/** What a successful callback says about the person. */
export interface SignedInClaims {
  issuer: string;
  subject: string;
  name: string;
  email?: string;
  /** The `locale` claim (BCP 47, e.g. `de-DE`), when the provider has one for the person. */
  locale?: string;
  idToken?: string;
}

/** The provider could not be reached, or answered nonsense: try again later. */
export class ProviderUnavailable extends Error {}
/** The provider (or the callback's URL) refused this sign-in: start again. */
export class SignInRefused extends Error {
  constructor(
    message: string,
    /** The provider's own error code (`access_denied`, `invalid_grant`...) when it gave one. */
    readonly providerError?: string,
  ) {
    super(message);
  }
}

/** Every call to the provider gives up after this long. */
const PROVIDER_TIMEOUT_SECONDS = 5;
const SCOPE = 'openid profile email';

/**
 * The app's OpenID Connect client (openid-client): authorization code flow with PKCE, `state` and
 * `nonce` checked, the ID token validated. It is the same for Auth0, Okta, Entra ID, Keycloak or
 * the local dev provider: only the issuer differs. Discovery happens on first use and is retried
 * after a failure, so a provider that is down at start-up does not stop the app.
 */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: OidcClientOptions) {}

  /**
   * The provider's authorization URL for a new sign-in, with the checks to keep for its callback.
   * `uiLocales` (OpenID's `ui_locales`): the language the page asking was in, for the provider's pages.
   */
  async start(
    uiLocales?: string,
  ): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(uiLocales ? { ui_locales: uiLocales } : {}),
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Finish a sign-in from the callback URL: exchange the code (with the PKCE verifier), check
   * `state` and `nonce`, validate the ID token. Refusals and outages are told apart.
   */
  async finish(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignedInClaims> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw classify(err);
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInRefused('The provider sent no ID token');
    // Many providers put the profile in the ID token; others (oidc-provider, Okta by default) only
    // at the userinfo endpoint.
    const profile =
      typeof claims.name === 'string' ? claims : await this.userInfo(config, tokens.access_token, claims.sub);
    const name = [profile.name, profile.preferred_username, profile.email, claims.sub].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    )!;
    return {
      issuer: claims.iss,
      subject: claims.sub,
      name,
      email: typeof profile.email === 'string' ? profile.email : undefined,
      locale: typeof profile.locale === 'string' ? profile.locale : undefined,
      idToken: tokens.id_token,
    };
  }

  /** The person's claims from the userinfo endpoint (checked to be the ID token's subject). */
  private async userInfo(
    config: oidc.Configuration,
    accessToken: string,
    subject: string,
  ): Promise<Record<string, unknown>> {
    try {
      return await oidc.fetchUserInfo(config, accessToken, subject);
    } catch (err) {
      throw classify(err);
    }
  }

  /** Where to send someone to end their provider session too, if the provider supports it. */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    let config: oidc.Configuration;
    try {
      config = await this.config();
    } catch {
      return undefined; // the app's own session is gone already: that is what matters
    }
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.options.postLogoutRedirectUri,
      client_id: this.options.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret } = this.options;
      const insecure = new URL(issuer).protocol === 'http:';
      this.configuration = oidc
        .discovery(new URL(issuer), clientId, clientSecret, undefined, {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          // Plain http only for a provider on this machine or a test network (the dev provider).
          execute: insecure ? [oidc.allowInsecureRequests] : [],
        })
        .then((config) => {
          config.timeout = PROVIDER_TIMEOUT_SECONDS;
          return config;
        });
      // A failed discovery is forgotten, so the next sign-in tries again.
      this.configuration.catch(() => {
        this.configuration = undefined;
      });
    }
    return this.configuration.catch((err: unknown) => {
      throw new ProviderUnavailable(`The identity provider cannot be reached (${describe(err)})`);
    });
  }
}

/** An error from the token exchange: the provider's refusal, a failed check, or an outage. */
function classify(err: unknown): Error {
  if (err instanceof oidc.ResponseBodyError)
    return new SignInRefused(`The identity provider refused the sign-in (${err.error})`, err.error);
  if (err instanceof oidc.AuthorizationResponseError)
    return new SignInRefused(`The identity provider refused the sign-in (${err.error})`, err.error);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('OAUTH_'))
    return new SignInRefused(`The identity provider's answer could not be verified (${describe(err)}).`);
  return new ProviderUnavailable(`The identity provider cannot be reached (${describe(err)})`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
}
