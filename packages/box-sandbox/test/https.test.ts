import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { BoxClient, BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import { BoxRetryStrategy, type NetworkSession } from 'box-node-sdk/networking';
import { runNode, SANDBOX_CLI, selfSignedCertificate, type Certificate } from '../src/test-kit';
import { byteStream, readAll, sandboxSession, startTestSandbox, type TestSandbox } from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * The sandbox over https (SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE, or startSandbox's `tls`),
 * with a self-signed certificate made by openssl for this run: box-node-sdk talks to it when it
 * trusts the certificate (in-process through its agent options, in a new process through
 * NODE_EXTRA_CA_CERTS), every URL the sandbox hands out is https, and the command line serves
 * https with SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE.
 */

let certificate: Certificate;
let sandbox: TestSandbox;
/** The SDK's network session for the sandbox, trusting the test certificate. */
let session: NetworkSession;
let client: BoxClient;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  sandbox = await startTestSandbox({
    tls: { cert: certificate.pem, key: readFileSync(certificate.keyFile, 'utf8') },
  });
  session = sandboxSession(sandbox).withCustomAgentOptions({ ca: certificate.pem });
  const auth = new BoxJwtAuth({
    config: JwtConfig.fromConfigFile(sandbox.configPath, new InMemoryTokenStorage({})),
  });
  client = new BoxClient({ auth, networkSession: session });
});

afterAll(async () => {
  await sandbox?.destroy();
  certificate?.remove();
});

/** A GET over https that trusts the test certificate, redirects not followed. */
function httpsGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      https
        .get(url, { ca: certificate.pem, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    },
  );
}

describe('the sandbox over https, through box-node-sdk', () => {
  test('its URL is https; the SDK signs in and reads, uploads and downloads', async () => {
    expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await client.users.getUserMe()).type).toBe('user');
    const uploaded = (
      await client.uploads.uploadFile({
        attributes: { name: 'secure.txt', parent: { id: '0' } },
        file: byteStream('over tls'),
      })
    ).entries![0]!;
    // The download answers 302 to an https URL of the sandbox, which the SDK follows.
    expect((await readAll(await client.downloads.downloadFile(uploaded.id))).toString()).toBe('over tls');
  });

  test('every URL in its answers is https: download, upload, upload session, representation, shared link', async () => {
    const base = sandbox.url;
    const token = (await client.auth.retrieveToken(session)).accessToken!;
    const file = (
      await client.uploads.uploadFile({
        attributes: { name: 'photo.png', parent: { id: '0' } },
        file: byteStream('not really a png'),
      })
    ).entries![0]!;

    const download = await httpsGet(`${base}/2.0/files/${file.id}/content`, {
      Authorization: `Bearer ${token}`,
    });
    expect(download.status).toBe(302);
    expect(download.headers.location).toMatch(new RegExp(`^${base}/d/1/`));

    const check = await client.uploads.preflightFileUploadCheck({
      name: 'next.txt',
      size: 3,
      parent: { id: '0' },
    });
    expect(check.uploadUrl).toBe(`${base}/api/2.0/files/content`);

    const info = await client.files.getFileById(file.id, {
      queryParams: { fields: ['authenticated_download_url', 'representations'] },
      headers: { xRepHints: '[png?dimensions=1024x1024][original]' },
    });
    // FileFull has no authenticatedDownloadUrl (Content Explorer reads it from the JSON).
    expect((info.rawData as Record<string, unknown>).authenticated_download_url).toBe(
      `${base}/api/2.0/files/${file.id}/content`,
    );
    const urls = info.representations!.entries!.flatMap((r) => [r.info!.url!, r.content!.urlTemplate!]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${base}/2.0/internal_files/${file.id}/`)).toBe(true);

    const sessionAnswer = await client.chunkedUploads.createFileUploadSession({
      folderId: '0',
      fileName: 'big.bin',
      fileSize: 20_000_000,
    });
    const endpoints = Object.values(sessionAnswer.sessionEndpoints!).filter((v) => typeof v === 'string');
    expect(endpoints).toHaveLength(6);
    for (const url of endpoints) expect(url.startsWith(`${base}/api/2.0/files/upload_sessions/`)).toBe(true);
    await client.chunkedUploads.deleteFileUploadSessionById(sessionAnswer.id!);

    const shared = await client.sharedLinksFiles.addShareLinkToFile(
      file.id,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    expect(shared.sharedLink?.url).toMatch(new RegExp(`^${base}/s/`));
  });

  test('an SDK that does not trust the certificate cannot talk to it', async () => {
    const auth = new BoxJwtAuth({
      config: JwtConfig.fromConfigFile(sandbox.configPath, new InMemoryTokenStorage({})),
    });
    const untrusting = new BoxClient({
      auth,
      networkSession: sandboxSession(sandbox).withRetryStrategy(
        new BoxRetryStrategy({ maxAttempts: 1, maxRetriesOnException: 0 }),
      ),
    });
    await expect(untrusting.users.getUserMe()).rejects.toThrow(/self[- ]signed certificate/i);
  });
});

describe('NODE_EXTRA_CA_CERTS: box-node-sdk in a process that starts with it trusts the sandbox', () => {
  const dir = tempDir('box-https-sdk-');
  afterAll(() => dir.remove());

  /** A script that signs in with box-node-sdk (JWT) and prints the user it is. */
  function script(): string {
    const file = path.join(dir.path, 'who-am-i.js');
    writeFileSync(
      file,
      `const { BoxClient, BoxJwtAuth, JwtConfig } = require(${JSON.stringify(require.resolve('box-node-sdk'))});
const { BaseUrls, BoxRetryStrategy, NetworkSession } = require(${JSON.stringify(require.resolve('box-node-sdk/networking'))});
const { SANDBOX_URL: url, CONFIG_FILE: config } = process.env;
const networkSession = new NetworkSession({
  baseUrls: new BaseUrls({ baseUrl: url, uploadUrl: url + '/api', oauth2Url: url + '/oauth2' }),
  retryStrategy: new BoxRetryStrategy({ maxRetriesOnException: 0 }),
});
const client = new BoxClient({ auth: new BoxJwtAuth({ config: JwtConfig.fromConfigFile(config) }), networkSession });
client.users.getUserMe().then(
  (me) => console.log('signed in as ' + me.id),
  (err) => { console.log('failed: ' + err.message); process.exit(1); },
);
`,
    );
    return file;
  }

  async function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = runNode(script(), { SANDBOX_URL: sandbox.url, CONFIG_FILE: sandbox.configPath, ...env });
    const { code } = await child.exited;
    return { code, output: child.output() };
  }

  test('with it, the SDK signs in over https', async () => {
    const result = await run({ NODE_EXTRA_CA_CERTS: certificate.certFile });
    expect(result.output).toMatch(/^signed in as \d+/);
    expect(result.code).toBe(0);
  });

  test('without it, the certificate is refused', async () => {
    const result = await run({});
    expect(result.output).toMatch(/failed: .*self[- ]signed certificate/i);
    expect(result.code).toBe(1);
  });
});

describe('the command line with SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE', () => {
  const dir = tempDir('box-https-cli-');
  afterAll(() => dir.remove());

  test('the built sandbox listens on https', async () => {
    const child = runNode(SANDBOX_CLI, {
      SANDBOX_PORT: '0',
      SANDBOX_DATA_DIR: path.join(dir.path, 'standalone'),
      SANDBOX_TLS_CERT_FILE: certificate.certFile,
      SANDBOX_TLS_KEY_FILE: certificate.keyFile,
      LOG_LEVEL: 'warn',
    });
    try {
      const [, url] = await child.waitFor(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
      const me = await httpsGet(`${url}/2.0/users/me`);
      expect(me.status).toBe(401); // an https answer, from the API
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  test('a half TLS setting stops the sandbox with one clear line', async () => {
    const child = runNode(SANDBOX_CLI, {
      SANDBOX_PORT: '0',
      SANDBOX_DATA_DIR: path.join(dir.path, 'half'),
      SANDBOX_TLS_CERT_FILE: certificate.certFile,
    });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.output()).toContain(
      'Sandbox settings error: SANDBOX_TLS_KEY_FILE: https needs both SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE',
    );
  });

  test('a key that does not go with the certificate stops it too', async () => {
    const other = selfSignedCertificate();
    try {
      const child = runNode(SANDBOX_CLI, {
        SANDBOX_PORT: '0',
        SANDBOX_DATA_DIR: path.join(dir.path, 'mismatch'),
        SANDBOX_TLS_CERT_FILE: certificate.certFile,
        SANDBOX_TLS_KEY_FILE: other.keyFile,
      });
      expect((await child.exited).code).toBe(1);
      expect(child.output()).toMatch(
        /Sandbox settings error: SANDBOX_TLS_CERT_FILE, SANDBOX_TLS_KEY_FILE: not a PEM/,
      );
    } finally {
      other.remove();
    }
  });
});
