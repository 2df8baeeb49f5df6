import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';

/** The sandbox's counters (`/_sandbox/stats`): token grants by kind, API requests by route. */
export interface SandboxStats {
  grants: Record<string, number>;
  requests: Record<string, number>;
}

export async function sandboxStats(sandboxUrl: string): Promise<SandboxStats> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats`);
  if (!res.ok) throw new Error(`GET /_sandbox/stats: ${res.status}`);
  return (await res.json()) as SandboxStats;
}

export async function resetSandboxStats(sandboxUrl: string): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats/reset`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`POST /_sandbox/stats/reset: ${res.status}`);
}

/**
 * A service-account token from the sandbox, by a real JWT grant through box-node-sdk (the same
 * path the app takes), for benchmarks that drive the Box API directly.
 */
export async function serviceAccountToken(sandbox: { url: string; configPath: string }): Promise<string> {
  const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigFile(sandbox.configPath) });
  const session = new NetworkSession({
    baseUrls: new BaseUrls({
      baseUrl: sandbox.url,
      uploadUrl: `${sandbox.url}/api`,
      oauth2Url: `${sandbox.url}/oauth2`,
    }),
  });
  const token = await auth.retrieveToken(session);
  if (!token.accessToken) throw new Error('the sandbox granted no access token');
  return token.accessToken;
}
