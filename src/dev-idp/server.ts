import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { MemoryAdapter } from './memory-adapter';
import { errorPage, signedOutPage, signInPage, signOutPage } from './pages';
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
  const { port } = server.address() as AddressInfo;
  const name = options.issuerHost;
  const issuer = `http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`;

  const provider = new Provider(issuer, configuration(secrets, options, byId));
  server.on('request', devIdpApp(provider, people));

  return {
    issuer,
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
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
): Configuration {
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
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
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
          ctx.body = signOutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(
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
function devIdpApp(provider: Provider, people: DevPerson[]): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  app.get('/interaction/:uid', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(signInPage(details.uid, client?.clientName ?? 'the app', people, DEMO_PEOPLE.length));
    } catch (err) {
      next(err);
    }
  });

  app.post('/interaction/:uid/login', form, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = typeof req.body?.person === 'string' ? req.body.person : '';
      if (!people.some((p) => p.id === id))
        return void res.status(400).type('html').send(errorPage('invalid_request', 'Choose a person'));
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
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { error?: unknown; error_description?: unknown; statusCode?: unknown };
    const status = typeof e.statusCode === 'number' ? e.statusCode : 400;
    res
      .status(status)
      .type('html')
      .send(
        errorPage(
          typeof e.error === 'string' ? e.error : 'invalid_request',
          typeof e.error_description === 'string'
            ? e.error_description
            : 'This sign-in has expired: start again from the app',
        ),
      );
  });
  return app;
}
