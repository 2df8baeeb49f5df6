import { CookieJar, send, signIn } from '../test/support/sign-in';
import { median } from './harness/load';
import type { Benchmark } from './harness/report';
import { resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';
import { serviceAccountToken } from './harness/sandbox-api';
import { startAppWithSandbox } from './harness/stack';

const PEOPLE = 1000;
const AT_ONCE = 10;
const AGAIN = 100;

/**
 * 1,000 distinct people sign in through the dev identity provider, 10 at a time: each one's first
 * sign-in makes an app user and a folder, and costs one JWT grant; their tokens stay small in the
 * app's memory.
 */
export const people: Benchmark = {
  id: 'people',
  title: '1,000 people sign in',
  method:
    `A new app process (sandbox mode, AUTH_MODE=oidc, the dev identity provider with ` +
    `${PEOPLE} extra test people). The bench process walks the real code flow for each person as a ` +
    `browser would (fetch with a cookie jar: /auth/login, the provider's sign-in page, the person's ` +
    `button, the callback, the page), ${AT_ONCE} people at a time, then asks for the four elements' ` +
    `tokens as that person (explorer, uploader, picker, and preview of a file of theirs). The sandbox ` +
    `counts the app users and the JWT grants. Heap per person: the app's V8 heap after two full GCs ` +
    `with every person's tokens cached (a parent token and four downscoped ones each), minus the same ` +
    `after the token caches are emptied, divided by the people; the heap everything else takes per ` +
    `person (sessions, folder ids, the ledger of tokens handed out) is reported beside it. Sign-in ` +
    `times are full round trips, median: first sign-ins (app user and folder made), then ${AGAIN} ` +
    `sign-ins again by people who have signed in before (in a new browser: the provider asks again).`,
  async run() {
    const app = await startAppWithSandbox({
      env: {
        AUTH_MODE: 'oidc',
        DEV_IDP_PORT: '0',
        DEV_IDP_EXTRA_PEOPLE: String(PEOPLE),
        AUTH_RATE_LIMIT: '100000',
        TOKEN_CACHE_SIZE: String(PEOPLE * 5),
      },
    });
    try {
      const sandboxUrl = app.info.sandboxUrl;
      if (!sandboxUrl) throw new Error('the app did not start its sandbox');
      const base = app.info.url;
      // The service account's own grant (start-up, /readyz) happens before the count starts.
      await fetch(`${base}/readyz`);
      await resetSandboxStats(sandboxUrl);
      const heapBefore = await app.call('heapUsedAfterGc');

      const firstTimes: number[] = [];
      const ids = Array.from({ length: PEOPLE }, (_, i) => `test-person-${i + 1}`);
      for (let i = 0; i < ids.length; i += AT_ONCE) {
        await Promise.all(
          ids.slice(i, i + AT_ONCE).map(async (id) => {
            const started = performance.now();
            const { jar, response } = await signIn(base, id);
            firstTimes.push(performance.now() - started);
            if (response.status !== 200) throw new Error(`${id}: sign-in ended with ${response.status}`);
            await fetchTokens(base, jar);
          }),
        );
      }
      const { grants } = await sandboxStats(sandboxUrl);
      const appUsers = await countAppUsers(sandboxUrl, app.info.sandboxConfigPath!);

      const heapWithTokens = await app.call('heapUsedAfterGc');
      await app.call('forgetTokens');
      const heapWithoutTokens = await app.call('heapUsedAfterGc');

      const againTimes: number[] = [];
      for (let i = 0; i < AGAIN; i += AT_ONCE) {
        await Promise.all(
          ids.slice(i, i + AT_ONCE).map(async (id) => {
            const started = performance.now();
            await signIn(base, id);
            againTimes.push(performance.now() - started);
          }),
        );
      }

      return [
        {
          name: 'people_1000_app_users',
          value: appUsers,
          digits: 0,
          goal: { op: '=', target: PEOPLE },
          about: `App users at the sandbox after ${PEOPLE} distinct people signed in for the first time.`,
        },
        {
          name: 'people_1000_jwt_grants',
          value: (grants.jwt_bearer ?? 0) + 1,
          digits: 0,
          goal: { op: '=', target: PEOPLE + 1 },
          about:
            `JWT grants: one per person (their app user's token), plus the service account's one ` +
            `(made at start-up, before the count; it then creates and finds every app user).`,
        },
        {
          name: 'token_cache_kb_per_person',
          value: (heapWithTokens - heapWithoutTokens) / PEOPLE / 1024,
          digits: 2,
          unit: 'kB',
          goal: { op: '<=', target: 4 },
          about: 'Heap the token caches hold per person: a parent token and four downscoped tokens.',
        },
        {
          name: 'heap_kb_per_person_besides_tokens',
          value: (heapWithoutTokens - heapBefore) / PEOPLE / 1024,
          digits: 2,
          unit: 'kB',
          about: 'The rest of the heap growth per signed-in person: the session, folder id, token ledger.',
        },
        {
          name: 'signin_first_ms',
          value: median(firstTimes),
          digits: 0,
          unit: 'ms',
          about: 'A first sign-in, median: the code flow, an app user and a seeded folder made at Box.',
        },
        {
          name: 'signin_again_ms',
          value: median(againTimes),
          digits: 0,
          unit: 'ms',
          about: 'A sign-in again, median: the code flow, the app user found, the folder reused.',
        },
      ];
    } finally {
      await app.stop();
    }
  },
};

/** The four elements' tokens, as a signed-in person's pages ask for them. */
async function fetchTokens(base: string, jar: CookieJar): Promise<void> {
  const items = (await (await send(jar, `${base}/api/demo-folder/items`)).json()) as {
    entries: { id: string; type: string }[];
  };
  const file = items.entries.find((e) => e.type === 'file')!.id;
  for (const path of ['explorer', 'uploader', 'picker', `preview?fileId=${file}`]) {
    const res = await send(jar, `${base}/api/token/${path}`);
    if (res.status !== 200) throw new Error(`/api/token/${path}: ${res.status}`);
    await res.arrayBuffer();
  }
}

/** App users in the sandbox's enterprise (every user but the service account). */
async function countAppUsers(sandboxUrl: string, configPath: string): Promise<number> {
  const token = await serviceAccountToken({ url: sandboxUrl, configPath });
  const res = await fetch(`${sandboxUrl}/2.0/users?limit=1&fields=id`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { total_count: number };
  return body.total_count - 1;
}
