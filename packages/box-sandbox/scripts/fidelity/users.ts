import https from 'node:https';
import type { Certificate } from '../../src/test-kit';

/**
 * The people Box's test accounts have ready (USER_ID, BOX_EXTERNAL_USER_ID), made in the sandbox
 * through its API: a client-credentials grant as the enterprise, then `POST /users`.
 */
interface BoxConfigFile {
  boxAppSettings: { clientID: string; clientSecret: string };
  enterpriseID: string;
}

function call(
  url: string,
  cert: Certificate,
  init: { method: string; headers: Record<string, string>; body: string },
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca: cert.pem }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300)
          reject(new Error(`${init.method} ${url}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text) as Record<string, unknown>);
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export async function makeTestUsers(
  sandboxUrl: string,
  cert: Certificate,
  config: BoxConfigFile,
): Promise<{ userId: string; externalUserId: string; externalUserLogin: string }> {
  const grant = await call(`${sandboxUrl}/oauth2/token`, cert, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.boxAppSettings.clientID,
      client_secret: config.boxAppSettings.clientSecret,
      box_subject_type: 'enterprise',
      box_subject_id: config.enterpriseID,
    }).toString(),
  });
  const makeUser = (name: string) =>
    call(`${sandboxUrl}/2.0/users`, cert, {
      method: 'POST',
      headers: { Authorization: `Bearer ${String(grant.access_token)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, is_platform_access_only: true }),
    });
  const user = await makeUser('Fidelity Test User');
  const external = await makeUser('Fidelity Other User');
  return {
    userId: String(user.id),
    externalUserId: String(external.id),
    externalUserLogin: String(external.login),
  };
}
