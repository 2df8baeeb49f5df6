import path from 'node:path';
import { SandboxSettingsError, sandboxSettingsFromEnv } from '../src/settings';

/** The sandbox's settings from the environment: the upload limits and https. */

describe('upload limits', () => {
  test("without settings: Box's values (15 GiB a file, 10 GiB in all)", () => {
    expect(sandboxSettingsFromEnv({}).limits).toEqual({
      maxUploadSize: 16_106_127_360,
      spaceAmount: 10_737_418_240,
    });
  });

  test('SANDBOX_MAX_UPLOAD_SIZE and SANDBOX_SPACE_AMOUNT set them, in bytes', () => {
    const settings = sandboxSettingsFromEnv({
      SANDBOX_MAX_UPLOAD_SIZE: '1000',
      SANDBOX_SPACE_AMOUNT: '5000',
    });
    expect(settings.limits).toEqual({ maxUploadSize: 1000, spaceAmount: 5000 });
  });

  test.each(['0', '-1', '1.5', '1e9', 'ten', ''])('%j is refused with a clear message', (value) => {
    expect(() => sandboxSettingsFromEnv({ SANDBOX_MAX_UPLOAD_SIZE: value })).toThrow(SandboxSettingsError);
    expect(() => sandboxSettingsFromEnv({ SANDBOX_SPACE_AMOUNT: value })).toThrow(/^SANDBOX_SPACE_AMOUNT: /);
  });
});

describe('https', () => {
  test('both SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE: https, with the paths resolved', () => {
    const settings = sandboxSettingsFromEnv({
      SANDBOX_TLS_CERT_FILE: 'certs/cert.pem',
      SANDBOX_TLS_KEY_FILE: '/etc/key.pem',
    });
    expect(settings.tls).toEqual({ certFile: path.resolve('certs/cert.pem'), keyFile: '/etc/key.pem' });
  });

  test('neither: plain http', () => {
    expect(sandboxSettingsFromEnv({}).tls).toBeUndefined();
  });

  test('one without the other is refused, naming the one missing', () => {
    expect(() => sandboxSettingsFromEnv({ SANDBOX_TLS_CERT_FILE: 'cert.pem' })).toThrow(
      'SANDBOX_TLS_KEY_FILE: https needs both SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE',
    );
    expect(() => sandboxSettingsFromEnv({ SANDBOX_TLS_KEY_FILE: 'key.pem' })).toThrow(
      /^SANDBOX_TLS_CERT_FILE: https needs both/,
    );
  });
});
