import https from 'node:https';
import type { Certificate } from '../../src/test-kit';

/**
 * What Box's test accounts have ready before the SDK's tests run, made in the sandbox through its
 * API (a client-credentials grant as the enterprise): the people they name (USER_ID,
 * BOX_EXTERNAL_USER_ID), and an enterprise's history. The enterprise event tests read the
 * admin log for an UPLOAD and a DELETE_USER without making either, as any enterprise that has been
 * used has them; a new sandbox has had no such day.
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
          return reject(new Error(`${init.method} ${url}: ${res.statusCode} ${text}`));
        try {
          // A 204 (a deletion) has no body.
          resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export async function prepareAccount(
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
  const send = (method: string, path: string, body?: unknown) =>
    call(`${sandboxUrl}/2.0${path}`, cert, {
      method,
      headers: { Authorization: `Bearer ${String(grant.access_token)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
  const makeUser = (name: string) => send('POST', '/users', { name, is_platform_access_only: true });
  const user = await makeUser('Fidelity Test User');
  const external = await makeUser('Fidelity Other User');
  // The history: something uploaded (a folder is an UPLOAD in Box's admin log), someone gone.
  await send('POST', '/folders', { name: 'Fidelity history', parent: { id: '0' } });
  const leaver = await makeUser('Fidelity Former User');
  await send('DELETE', `/users/${String(leaver.id)}`);
  return {
    userId: String(user.id),
    externalUserId: String(external.id),
    externalUserLogin: String(external.login),
  };
}
