import { startTestApp, type TestApp } from '../support/app';
import { handOutThenSignOut, stillWorking } from '../support/many-tokens';

/**
 * Sign-out revokes every downscoped token handed out for the person that can still be used, however
 * many: the ledger of handed-out tokens is sized from TOKEN_RATE_LIMIT and a token's lifetime (it
 * once kept the newest 500 only, and the older ones lived out their hour after sign-out).
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'oidc' });
});

afterAll(async () => {
  await app.destroy();
});

test('after 520 tokens handed out, sign-out revokes all 520 at Box', async () => {
  const { tokens, signOutStatus } = await handOutThenSignOut(app, 'grace-hopper', 520);
  expect(signOutStatus).toBe(303);
  expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(520);
  expect(await stillWorking(app.sandbox!.url, tokens)).toEqual([]);
}, 180_000);
