import 'dotenv/config';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { startDevIdp } from './server';

/**
 * `npm run dev-idp`: the development identity provider on its own, for an app that runs in box
 * mode against a standalone sandbox (several instances behind a load balancer, say: see
 * docs/deploy.md). Its client is registered for `DEV_IDP_APP_URL` (the app's PUBLIC_URL).
 */
const settings = z.object({
  DEV_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  DEV_IDP_HOST: z.string().min(1).default('127.0.0.1'),
  DEV_IDP_ISSUER_HOST: z.string().min(1).optional(),
  DEV_IDP_DATA_DIR: z.string().min(1).default('.dev-idp'),
  DEV_IDP_APP_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  DEV_IDP_EXTRA_PEOPLE: z.coerce.number().int().min(0).max(100_000).default(0),
});

async function main(): Promise<void> {
  const parsed = settings.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`Configuration error: ${String(issue.path[0])}: ${issue.message}`);
    process.exit(1);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DEV_IDP_DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const appUrl = e.DEV_IDP_APP_URL.replace(/\/+$/, '');
  const idp = await startDevIdp({
    dataDir,
    port: e.DEV_IDP_PORT,
    host: e.DEV_IDP_HOST,
    issuerHost: e.DEV_IDP_ISSUER_HOST ?? e.DEV_IDP_HOST,
    redirectUri: `${appUrl}/auth/callback`,
    postLogoutRedirectUri: `${appUrl}/`,
    extraPeople: e.DEV_IDP_EXTRA_PEOPLE,
  });
  // The client secret stays in the data dir's dev-idp.json (owner-only), not on the console.
  console.log(`Development identity provider listening: OIDC_ISSUER=${idp.issuer}`);
  console.log(`  its client for ${appUrl}: OIDC_CLIENT_ID=${idp.clientId}`);
  console.log(`  OIDC_CLIENT_SECRET is in ${path.join(dataDir, 'dev-idp.json')} (clientSecret)`);
  const stop = () => void idp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(
    `Development identity provider failed to start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
