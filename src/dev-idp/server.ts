import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { MemoryAdapter } from './memory-adapter';
import { Catalogs } from '../i18n/catalogs';
import { pageLocale } from '../i18n/locales';
import { errorPage, signedOutPage, signInPage, signOutPage, type PageLanguage } from './pages';
import { DEMO_PEOPLE, devPeople, type DevPerson } from './people';
import { loadOrCreateSecrets } from './secrets';

export interface DevIdpOptions {
  /** Where its keys and the app's client registration are kept (the app's data dir, APP_DATA_DIR). */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** The host name in its issuer URL: as the browser reaches it (PUBLIC_URL's). */
  issuerHost: string;
  /** The app's redirect URI (`PUBLIC_URL/auth/callback`) and where sign-out returns (`PUBLIC_URL/`). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** More people than the three demo ones (DEV_IDP_EXTRA_PEOPLE). */
  extraPeople?: number;
}

export interface RunningDevIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where its server is bound (the address and port it listens on). */
  address: AddressInfo;
  close(): Promise<void>;
}

const SCOPES = 'openid profile email';

/**
 * A local OpenID provider for `npm start` and the tests, built on oidc-provider (a certified OpenID
 * Provider). The app's sign-in code talks to it exactly as to Auth0 or Okta: authorization code
 * flow with PKCE, signed ID tokens, discovery, RP-initiated logout. Its sign-in page lists the demo
 * people as buttons; one click signs in. It is started only in sandbox mode without OIDC_ISSUER.
 */
export async function startDevIdp(options: DevIdpOptions): Promise<RunningDevIdp> {
  const secrets = loadOrCreateSecrets(options.dataDir);
  const people = devPeople(options.extraPeople ?? 0);
  const byId = new Map(people.map((p) => [p.id, p]));

  // Listen first: the issuer URL names the port, which may have been picked just now.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const { port } = address;
  const name = options.issuerHost;
  const issuer = `http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`;

  const catalogs = new Catalogs();
  const provider = new Provider(issuer, configuration(secrets, options, byId, catalogs));
  server.on('request', devIdpApp(provider, people, catalogs));

  return {
    issuer,
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function configuration(
  secrets: ReturnType<typeof loadOrCreateSecrets>,
  options: DevIdpOptions,
  people: Map<string, DevPerson>,
  catalogs: Catalogs,
): Configuration {
  const languageOf = (ctx: KoaContextWithOIDC) =>
    pageLanguage(catalogs, ctx.oidc?.params?.ui_locales, ctx.acceptsLanguages());
  return {
    adapter: MemoryAdapter,
    clients: [
      {
        client_id: secrets.clientId,
        client_secret: secrets.clientSecret,
        client_name: 'Box UI Elements sample',
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'locale'],
      email: ['email', 'email_verified'],
    },
    scopes: SCOPES.split(' '),
    pkce: { required: () => true },
    findAccount: (_ctx, id) => {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: person.name,
          preferred_username: person.id,
          email: person.email,
          email_verified: true,
          ...(person.locale ? { locale: person.locale } : {}),
        }),
      };
    },
    // The app is the provider's own first-party client: no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client!;
      const accountId = ctx.oidc.session!.accountId!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = signOutPage(languageOf(ctx), form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage(languageOf(ctx));
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(
        languageOf(ctx),
        String(out.error),
        out.error_description ? String(out.error_description) : undefined,
      );
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
    },
  };
}

/** The sign-in page and its two answers, in front of the provider's own routes. */
function devIdpApp(provider: Provider, people: DevPerson[], catalogs: Catalogs): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  app.get('/interaction/:uid', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      const language = pageLanguage(catalogs, details.params.ui_locales, req.acceptsLanguages());
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .set('Content-Language', language.lang)
        .send(signInPage(language, details.uid, client?.clientName ?? 'the app', people, DEMO_PEOPLE.length));
    } catch (err) {
      next(err);
    }
  });

  app.post('/interaction/:uid/login', form, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = typeof req.body?.person === 'string' ? req.body.person : '';
      if (!people.some((p) => p.id === id))
        return void res
          .status(400)
          .type('html')
          .send(
            errorPage(
              pageLanguage(catalogs, undefined, req.acceptsLanguages()),
              'invalid_request',
              'Choose a person',
            ),
          );
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: id } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });

  app.post('/interaction/:uid/cancel', async (req: Request, res: Response, next: NextFunction) => {
    try {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person cancelled signing in' },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });

  app.use(provider.callback());

  // An interaction that expired or was finished already, say: a readable page, never a stack.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { error?: unknown; error_description?: unknown; statusCode?: unknown };
    const status = typeof e.statusCode === 'number' ? e.statusCode : 400;
    res
      .status(status)
      .type('html')
      .send(
        errorPage(
          pageLanguage(catalogs, undefined, req.acceptsLanguages()),
          typeof e.error === 'string' ? e.error : 'invalid_request',
          typeof e.error_description === 'string'
            ? e.error_description
            : 'This sign-in has expired: start again from the app',
        ),
      );
  });
  return app;
}

/**
 * The language of the provider's pages: the app's (`ui_locales`, space-separated, sent with the
 * sign-in), else the browser's, else English.
 */
function pageLanguage(catalogs: Catalogs, uiLocales: unknown, accepted: readonly string[]): PageLanguage {
  const asked = typeof uiLocales === 'string' ? uiLocales.split(' ').slice(0, 10) : [];
  const locale = pageLocale({ accepted: [...asked, ...accepted] }, []);
  return { t: catalogs.t(locale.language), lang: locale.htmlLang };
}
