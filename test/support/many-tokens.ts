import { byteStream, sdkWithToken } from 'box-sandbox/test-kit/box-node-sdk';
import type { TestApp } from './app';
import { send, signIn, type CookieJar } from './sign-in';

export interface Handed {
  accessToken: string;
  resource: { type: string; id: string };
}

/** What the sandbox says to `token` on its own resource: 200 while it works, 401 once revoked. */
async function statusAtBox(sandboxUrl: string, token: Handed): Promise<number> {
  const res = await fetch(`${sandboxUrl}/2.0/${token.resource.type}s/${token.resource.id}?fields=id`, {
    headers: { Authorization: `Bearer ${token.accessToken}` },
  });
  await res.arrayBuffer();
  return res.status;
}

/** The indexes of the tokens the sandbox still accepts (none, once sign-out revoked them all). */
export async function stillWorking(sandboxUrl: string, tokens: readonly Handed[]): Promise<number[]> {
  const working: number[] = [];
  for (const [i, token] of tokens.entries())
    if ((await statusAtBox(sandboxUrl, token)) !== 401) working.push(i);
  return working;
}

async function tokenFor(app: TestApp, jar: CookieJar, path: string): Promise<Handed> {
  const res = await send(jar, `${app.url}${path}`, { headers: { Accept: 'application/json' } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Handed;
}

/** `count` small files uploaded to the folder `token` is for, through the sandbox's upload API. */
async function addFiles(app: TestApp, token: Handed, count: number): Promise<string[]> {
  const box = sdkWithToken(app.sandbox!, token.accessToken);
  const ids: string[] = [];
  // A few at a time: the sandbox is in this process, and the test's machine may be busy.
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, i) => start + i);
    const uploaded = await Promise.all(
      batch.map((n) =>
        box.uploads.uploadFile({
          attributes: { name: `many-${n}.txt`, parent: { id: token.resource.id } },
          file: byteStream(`file ${n}\n`),
        }),
      ),
    );
    ids.push(...uploaded.map((files) => files.entries![0]!.id));
  }
  return ids;
}

/**
 * Sign `person` in and have `count` downscoped tokens handed out for them, each a different one,
 * then sign out. The first comes from the person's first parent token; the app then forgets its
 * cached tokens (as when a parent token is renewed: the old one is not revoked, and stays valid at
 * Box until it expires), and the others are Preview tokens for `count - 1` different files, from
 * the second parent token. Sign-out holds only that second parent: the first token is revoked only
 * if the ledger still lists it. Resolves with every token handed out, oldest first.
 */
export async function handOutThenSignOut(
  app: TestApp,
  person: string,
  count: number,
): Promise<{ tokens: Handed[]; signOutStatus: number }> {
  const { jar } = await signIn(app.url, person);
  const first = await tokenFor(app, jar, '/api/token/explorer');
  const files = await addFiles(app, first, count - 1);
  await app.box.forgetTokens();
  const tokens = [first];
  for (const fileId of files) tokens.push(await tokenFor(app, jar, `/api/token/preview?fileId=${fileId}`));
  const out = await send(jar, `${app.url}/auth/logout`, { method: 'POST' });
  await out.arrayBuffer();
  return { tokens, signOutStatus: out.status };
}
