import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

export interface Certificate {
  certFile: string;
  keyFile: string;
  /** The certificate itself, for a client's `ca`. */
  pem: string;
  remove(): void;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made now with openssl (`OPENSSL_PATH`,
 * else /usr/bin/openssl) and valid a day: for the sandbox over https (`--tls-cert`, `--tls-key`),
 * or a page of your app served over https. Clients trust it through `ca`, or NODE_EXTRA_CA_CERTS.
 */
export function selfSignedCertificate(): Certificate {
  const dir = tempDir('box-tls-');
  const certFile = path.join(dir.path, 'cert.pem');
  const keyFile = path.join(dir.path, 'key.pem');
  execFileSync(
    process.env.OPENSSL_PATH ?? '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8'), remove: dir.remove };
}
