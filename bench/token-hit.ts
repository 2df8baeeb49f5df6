import { signIn } from '../test/support/sign-in';
import { cpuSecondsOf } from './harness/cpu';
import { assertAllOk, load, type LoadResult } from './harness/load';
import type { Benchmark, Figure } from './harness/report';
import { startAppWithSandbox, startBaseline, type AppChild, type BaselineChild } from './harness/stack';

const CONNECTIONS = 50;
const SECONDS = 10;
/** Each target's 10 s are taken as alternating 1 s slices, so background load hits all alike. */
const SLICES = 10;
const WARM_UP_SECONDS = 2;

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Whose CPU time to read. */
  pid: number;
}

/**
 * The warm token path against what it is built on: a bare Express 5 route and a bare `node:http`
 * server answering the same JSON, and the app's own cheapest route; and the same token path for
 * someone signed in (a session looked up on every request).
 */
export const tokenHit: Benchmark = {
  id: 'token',
  title: 'The request path: warm token requests against bare Express, bare node:http and /healthz',
  method:
    `Four server processes, each compiled and run on plain node with NODE_ENV=production as ` +
    `\`npm start\` runs the app (bench/harness/compile.ts): the app without sign-in (AUTH_MODE=none), ` +
    `the app with sign-in and one person signed in (their session cookie sent on every request), a ` +
    `bare Express 5 app and a bare node:http server, the last two answering the same ~260-byte JSON ` +
    `as the token route (bench/baselines/). Both apps log as in production (LOG_LEVEL=info, one JSON ` +
    `line per request, into /dev/null) with every other feature on (request ids, metrics, security ` +
    `headers, rate limits, deadlines). autocannon runs in the bench process: ${CONNECTIONS} ` +
    `connections, ${SECONDS} s per target taken as ${SLICES} alternating 1 s slices (so whatever else ` +
    `the machine does weighs on all alike), after ${WARM_UP_SECONDS} s of warm-up each and one ` +
    `request that fills the token cache. TOKEN_RATE_LIMIT is at its maximum; every answer must be ` +
    `a 2xx. Each process's CPU time per request (/proc/<pid>/stat) is reported beside the rates.`,
  async run() {
    const [app, signedInApp, bareExpress, bareNode] = await Promise.all([
      startAppWithSandbox({ logRequests: true }),
      startAppWithSandbox({
        logRequests: true,
        env: { AUTH_MODE: 'oidc', DEV_IDP_PORT: '0', AUTH_RATE_LIMIT: '100000' },
      }),
      startBaseline('bare-express'),
      startBaseline('bare-node'),
    ]);
    try {
      const cookie = await sessionCookieOf(signedInApp);
      const targets: Target[] = [
        { name: 'healthz', url: `${app.info.url}/healthz`, pid: app.pid },
        { name: 'token', url: `${app.info.url}/api/token/explorer`, pid: app.pid },
        {
          name: 'signedIn',
          url: `${signedInApp.info.url}/api/token/explorer`,
          headers: { cookie },
          pid: signedInApp.pid,
        },
        { name: 'express', url: bareExpress.info.url, pid: bareExpress.pid },
        { name: 'node', url: bareNode.info.url, pid: bareNode.pid },
      ];
      for (const target of targets) {
        const first = await fetch(target.url, { headers: target.headers });
        if (!first.ok) throw new Error(`${target.url}: ${first.status}`);
        await load({ ...options(target), duration: WARM_UP_SECONDS });
      }
      const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
      for (let i = 0; i < SLICES; i++)
        for (const target of targets) slices.get(target.name)!.push(await slice(target));
      const r = Object.fromEntries(targets.map((t) => [t.name, combined(t.url, slices.get(t.name)!)]));
      const [healthz, token, signedIn, express, node] = [
        r.healthz!,
        r.token!,
        r.signedIn!,
        r.express!,
        r.node!,
      ];
      return [
        ratio(
          'token_hit_vs_express',
          token,
          express,
          0.8,
          'warm `GET /api/token/explorer`',
          'a bare Express 5 route',
          PATH_CAUSE,
        ),
        ratio(
          'healthz_vs_express',
          healthz,
          express,
          0.9,
          '`GET /healthz`',
          'a bare Express 5 route',
          PATH_CAUSE,
        ),
        ratio(
          'token_hit_vs_node',
          token,
          node,
          undefined,
          'warm `GET /api/token/explorer`',
          'a bare node:http server (the physical floor)',
        ),
        ratio(
          'token_hit_vs_healthz',
          token,
          healthz,
          0.95,
          'warm `GET /api/token/explorer`',
          '`GET /healthz` on the same app',
          TOKEN_CAUSE,
        ),
        ratio(
          'token_hit_signed_in_vs_express',
          signedIn,
          express,
          0.6,
          'warm `GET /api/token/explorer` for a signed-in person (session cookie checked, session read from the store and its idle timer renewed on every request)',
          'a bare Express 5 route',
          SESSION_CAUSE,
        ),
        rate('token_hit_rps', token, 'warm token, no sign-in'),
        rate('token_hit_signed_in_rps', signedIn, 'warm token, signed in'),
        rate('healthz_rps', healthz, '`/healthz`'),
        rate('express_rps', express, 'bare Express 5'),
        rate('node_rps', node, 'bare node:http'),
        cpu('token_hit_cpu_us', token, 'the app, per warm token request'),
        cpu('token_hit_signed_in_cpu_us', signedIn, 'the app, per warm token request signed in'),
        cpu('healthz_cpu_us', healthz, 'the app, per /healthz'),
        cpu('express_cpu_us', express, 'bare Express 5, per request'),
        cpu('node_cpu_us', node, 'bare node:http, per request'),
      ];
    } finally {
      await Promise.all(
        [app, signedInApp, bareExpress, bareNode].map((c: AppChild | BaselineChild) => c.stop()),
      );
    }
  },
};

const options = (target: Target) => ({
  connections: CONNECTIONS,
  url: target.url,
  headers: target.headers,
});

interface Slice extends LoadResult {
  /** CPU time the target's process used during the slice. */
  cpuSeconds: number;
}

async function slice(target: Target): Promise<Slice> {
  const cpuBefore = cpuSecondsOf(target.pid);
  const result = await load({ ...options(target), duration: SECONDS / SLICES });
  return { ...result, cpuSeconds: cpuSecondsOf(target.pid) - cpuBefore };
}

interface Measured {
  perSecond: number;
  cpuMicros: number;
}

/** Requests per second and CPU µs per request over all slices; every response must be a 2xx. */
function combined(what: string, slices: Slice[]): Measured {
  slices.forEach((s) => assertAllOk(what, s));
  const sum = (f: (s: Slice) => number) => slices.reduce((total, s) => total + f(s), 0);
  const ok = sum((s) => s.ok);
  return { perSecond: ok / sum((s) => s.seconds), cpuMicros: (1e6 * sum((s) => s.cpuSeconds)) / ok };
}

function ratio(
  name: string,
  a: Measured,
  b: Measured,
  goal: number | undefined,
  what: string,
  over: string,
  whenMissed?: string,
): Figure {
  return {
    name,
    value: a.perSecond / b.perSecond,
    digits: 2,
    ...(goal === undefined ? {} : { goal: { op: '>=' as const, target: goal } }),
    about: `Requests per second of ${what}, divided by those of ${over}, measured side by side.`,
    ...(whenMissed ? { whenMissed } : {}),
  };
}

/*
 * What the profiles say (BENCH_CPU_PROF=<dir> npm run bench -- token, then
 * bench/tools/profile-top.ts --by module, 2026-12-01), as shares of the app's busy time.
 */
const PATH_CAUSE =
  'the features every request keeps cost about 45 µs of CPU over bare Express (the `*_cpu_us` ' +
  'figures): the observer (request id, metrics, one JSON log line through pino to an async ' +
  'writer) about 10 % of busy time, the security headers 3.5 %, the Host check and Express routing ' +
  'past the probes and the sign-in routes; the rest is what bare Express pays too (writing the ' +
  'answer, about 40 %, and its router, 11 %). Before this issue the profile charged 17 % to ' +
  'compression, 12 % to pino-http, 5 % to on-headers and 4 % to helmet: all gone from this path. On ' +
  'this 2-core VM autocannon takes one core, so each server is CPU-bound on the other, and ratios ' +
  'move by about ±0.07 from run to run.';
const TOKEN_CAUSE =
  'beyond /healthz the token route runs the rate limiter (rate-limiter-flexible, in memory), the ' +
  'subject lookup, the cache lookup and a larger JSON answer: about 30 µs of CPU (`token_hit_cpu_us` ' +
  "against `healthz_cpu_us`); no single part stands out in the profile (the handler's own code is " +
  'under 1 %).';
const SESSION_CAUSE =
  "express-session's own work on each request (two SHA-1 hashes of the JSON session, a JSON " +
  'parse, an HMAC unsign of the cookie, new Session and Cookie objects, on-headers and its res.end ' +
  'wrapper) is about a third of the signed-in CPU per request in the profile; the session holds the ' +
  'ID token kept for RP-initiated logout, most of the bytes hashed. Reaching 0.6 would take ' +
  'replacing express-session, which the sign-in issue chose.';

const rate = (name: string, m: Measured, what: string): Figure => ({
  name,
  value: m.perSecond,
  digits: 0,
  unit: 'req/s',
  about: `${what}: ${CONNECTIONS} connections, ${SECONDS} s.`,
});

const cpu = (name: string, m: Measured, what: string): Figure => ({
  name,
  value: m.cpuMicros,
  digits: 0,
  unit: 'µs',
  about: `CPU time (user + system) of ${what}: steadier than a rate when other work shares the cores.`,
});

/** Sign one person in through the app's dev provider; their session cookie, as a header value. */
async function sessionCookieOf(app: AppChild): Promise<string> {
  const { jar } = await signIn(app.info.url, 'ada-lovelace');
  const header = jar.header(`${app.info.url}/`);
  if (!header) throw new Error('signing in set no cookie');
  return header;
}
