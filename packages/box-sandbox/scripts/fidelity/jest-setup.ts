/**
 * Loaded by jest before each of box-node-sdk's test files (setupFilesAfterEnv), in the test's own
 * module registry. It changes no test: it points the SDK's default base URLs at the sandbox, and
 * refuses every request to any other host, so that a test which would reach api.box.com fails
 * with a message that says so. With FIDELITY_OFFLINE=1 it refuses every request, the sandbox's
 * included: what passes then passes with no server at all.
 */
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

const sandboxUrl = new URL(required('FIDELITY_SANDBOX_URL'));
const offline = process.env.FIDELITY_OFFLINE === '1';
const refusalsFile = process.env.FIDELITY_REFUSALS;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the SDK's tests through \`npm run fidelity\``);
  return value;
}

// The module every test file and the SDK itself import BaseUrls from (jest maps `@/…` to lib/).
// jest's own `require`, not an import: it must be the instance in this test file's module registry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const baseUrlsModule = require(
  path.join(required('FIDELITY_SDK_DIR'), 'lib', 'networking', 'baseUrls.js'),
) as {
  BaseUrls: new (fields: Record<string, unknown>) => object;
};
const BoxBaseUrls = baseUrlsModule.BaseUrls;
const origin = sandboxUrl.origin;

/** Box's defaults become the sandbox's; URLs a test gives explicitly stay as they are. */
class SandboxBaseUrls extends BoxBaseUrls {
  constructor(fields: Record<string, unknown> = {}) {
    super({ baseUrl: origin, uploadUrl: `${origin}/api`, oauth2Url: `${origin}/oauth2`, ...fields });
  }
}
baseUrlsModule.BaseUrls = SandboxBaseUrls;

if (offline) {
  // Nothing can answer: the SDK's retries of a refused request (two, a second apart and more)
  // would only make the pass slower, never change its outcome.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as BaseUrls above
  const retries = require(path.join(required('FIDELITY_SDK_DIR'), 'lib', 'networking', 'retries.js')) as {
    BoxRetryStrategy: new (fields: Record<string, unknown>) => object;
  };
  const BoxRetryStrategy = retries.BoxRetryStrategy;
  retries.BoxRetryStrategy = class NoRetryOffline extends BoxRetryStrategy {
    constructor(fields: Record<string, unknown> = {}) {
      super({ ...fields, maxRetriesOnException: 0 });
    }
  };
}

type RequestFn = typeof http.request;
const GUARDED = Symbol.for('box-sandbox.fidelity.guarded');

/**
 * The patched request functions outlive this file: Node's http and https modules are shared by
 * every test file jest runs in this worker, each in a context of its own. They ask this holder
 * which test is running, and each test file's setup points it at its own `expect`.
 */
interface CurrentTest {
  name(): { testPath?: string; test?: string };
}
const holderKey = Symbol.for('box-sandbox.fidelity.current-test');
const globalHolder = http as unknown as Record<symbol, CurrentTest | undefined>;
globalHolder[holderKey] = {
  name: () => {
    const state = expect.getState();
    return { testPath: state.testPath, test: state.currentTestName };
  },
};

/** Where a request made through http(s).request or .get is going: `host:port`. */
function destination(protocol: string, args: unknown[]): { hostPort: string; shown: string } {
  const [first, second] = args;
  const options = (typeof first === 'string' || first instanceof URL ? second : first) as
    | { protocol?: string; hostname?: string; host?: string; port?: string | number; path?: string }
    | undefined;
  if (typeof first === 'string' || first instanceof URL) {
    const url = new URL(String(first));
    return { hostPort: `${url.hostname}:${url.port || defaultPort(url.protocol)}`, shown: url.href };
  }
  const scheme = options?.protocol ?? protocol;
  const host = options?.hostname ?? options?.host ?? 'localhost';
  const port = String(options?.port || defaultPort(scheme));
  return { hostPort: `${host}:${port}`, shown: `${scheme}//${host}:${port}${options?.path ?? ''}` };
}

const defaultPort = (scheme: string) => (scheme === 'http:' ? '80' : '443');
const sandboxHostPort = `${sandboxUrl.hostname}:${sandboxUrl.port || defaultPort(sandboxUrl.protocol)}`;

function guard(module: typeof http | typeof https, protocol: string): void {
  const marked = module as unknown as Record<symbol, boolean>;
  if (marked[GUARDED]) return; // the module is shared by every test file of this worker
  marked[GUARDED] = true;
  for (const name of ['request', 'get'] as const) {
    const original = module[name] as RequestFn;
    const checked = function (this: unknown, ...args: unknown[]) {
      const { hostPort, shown } = destination(protocol, args);
      if (offline || hostPort !== sandboxHostPort) {
        if (refusalsFile && !offline) {
          const current = globalHolder[holderKey]?.name() ?? {};
          appendFileSync(refusalsFile, `${JSON.stringify({ ...current, url: shown })}\n`);
        }
        throw new Error(
          offline
            ? `fidelity runner (no server): refused ${shown}`
            : `fidelity runner: refused ${shown}: only the sandbox at ${origin} may be reached`,
        );
      }
      return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    };
    (module as unknown as Record<string, unknown>)[name] = checked;
  }
}

guard(http, 'http:');
guard(https, 'https:');
