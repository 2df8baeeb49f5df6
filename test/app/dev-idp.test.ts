import { connect } from 'node:net';
import os from 'node:os';
import { startTestApp, type TestApp } from '../support/app';
import { signIn } from '../support/sign-in';

/**
 * The development identity provider (sandbox mode, no OIDC_ISSUER) is for this machine only, like
 * the sandbox: it listens on loopback whatever interface the app listens on (HOST).
 */
let app: TestApp;

beforeAll(async () => {
  // The app on every interface: the provider must not follow it there.
  app = await startTestApp({ AUTH_MODE: 'oidc', HOST: '0.0.0.0' });
});

afterAll(async () => {
  await app.destroy();
});

/** Does a TCP connection to host:port open (true) or get refused (false)? */
function opens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNREFUSED' ? resolve(false) : reject(err),
    );
  });
}

test("the dev provider's server is bound to a loopback address, not the app's HOST", () => {
  expect(app.devIdp).toBeDefined();
  expect(app.devIdp!.address.address).toBe('127.0.0.1');
  expect(new URL(app.devIdp!.issuer).port).toBe(String(app.devIdp!.address.port));
});

test('it answers on loopback, and sign-in through it works', async () => {
  const discovery = await fetch(`${app.devIdp!.issuer}/.well-known/openid-configuration`);
  expect(discovery.status).toBe(200);
  expect(((await discovery.json()) as { issuer: string }).issuer).toBe(app.devIdp!.issuer);
  const signed = await signIn(app.url, 'ada-lovelace', { returnTo: '/explorer' });
  expect(signed.response.status).toBe(200);
  expect(new URL(signed.url).pathname).toBe('/explorer');
});

test("it refuses connections on this machine's other addresses (where it has one)", async () => {
  const port = app.devIdp!.address.port;
  const others = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  for (const address of others) expect(await opens(address, port)).toBe(false);
  // The app itself, on every interface, is reachable there: the check can tell the two apart.
  for (const address of others) expect(await opens(address, Number(new URL(app.url).port))).toBe(true);
});
