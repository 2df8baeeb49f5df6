import https from 'node:https';
import path from 'node:path';
import { selfSignedCertificate, type Certificate } from 'box-sandbox/test-kit';
import { startBuiltApp, type BuiltApp } from '../support/processes';
import { tempDir } from '../support/temp-dir';

/**
 * `npm start` in sandbox mode with SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE: the app starts
 * its sandbox on https and talks to it, trusting the certificate through NODE_EXTRA_CA_CERTS.
 */
const dir = tempDir('box-https-app-');
let certificate: Certificate;
let app: BuiltApp | undefined;

beforeAll(() => {
  certificate = selfSignedCertificate();
});

afterAll(async () => {
  app?.process.kill('SIGTERM');
  await app?.exited;
  certificate?.remove();
  dir.remove();
});

/** A GET's status over https, trusting the test certificate. */
function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: certificate.pem }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

test('the app in sandbox mode starts the sandbox on https and talks to it (with NODE_EXTRA_CA_CERTS)', async () => {
  app = await startBuiltApp(path.join(dir.path, 'app'), {
    SANDBOX_TLS_CERT_FILE: certificate.certFile,
    SANDBOX_TLS_KEY_FILE: certificate.keyFile,
    NODE_EXTRA_CA_CERTS: certificate.certFile,
  });
  // The demo folder is ready: the app's SDK signed in and made it over https.
  const sandboxUrl = app.sandboxUrl.replace(/^http:/, 'https:');
  const home = await fetch(app.url);
  expect(await home.text()).toContain(sandboxUrl);
  const items = await fetch(`${app.url}/api/demo-folder/items`);
  expect(items.status).toBe(200);
  expect(await httpsStatus(`${sandboxUrl}/2.0/users/me`)).toBe(401); // an https answer, from the API
});
