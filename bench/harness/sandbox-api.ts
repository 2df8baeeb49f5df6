import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { sandboxSession } from 'box-sandbox/test-kit/box-node-sdk';

/**
 * A service-account token from the sandbox, by a real JWT grant through box-node-sdk (the same
 * path the app takes), for benchmarks that drive the Box API directly.
 */
export async function serviceAccountToken(sandbox: { url: string; configPath: string }): Promise<string> {
  const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigFile(sandbox.configPath) });
  const token = await auth.retrieveToken(sandboxSession(sandbox));
  if (!token.accessToken) throw new Error('the sandbox granted no access token');
  return token.accessToken;
}
