import { safeReturnTo } from '../../src/auth/return-to';

/**
 * safeReturnTo judges a returnTo as the browser will read the redirect: resolved with WHATWG URL
 * (dot segments, backslashes, tabs and newlines as a browser treats them), it must stay on the
 * app's origin, be a path (never `//host` or `/\host`), and not be a sign-in route.
 */
describe('safeReturnTo', () => {
  test.each([
    // Paths until normalised: then another host.
    '/.//evil.example/x',
    '/%2e//evil.example/x',
    '/%2E/%2e//evil.example/x',
    '/x/..//evil.example/x',
    '/x/%2e%2e//evil.example/x',
    '/\\evil.example/x',
    '/.\\\\evil.example/x',
    '/\t/evil.example/x',
    '/.\n//evil.example/x',
    '/x/..\r\n//evil.example/x',
    // Never a path.
    '//evil.example/x',
    '///evil',
    'https://evil.example',
    'HTTPS://evil.example/x',
    'javascript:alert(1)',
    '\\\\evil.example',
    'evil.example',
    ' /explorer',
    // The sign-in routes, however written.
    '/auth/login',
    '/Auth/logout',
    '/AUTH/callback',
    '/x/../auth/login',
    '/%61uth/login',
    // Not a string, empty, or too long.
    '',
    '/' + 'a'.repeat(2000),
  ])('%j → /', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  test.each([undefined, null, 42, ['/explorer'], { path: '/explorer' }])('%j (not a string) → /', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  test.each([
    ['/', '/'],
    ['/explorer?folderId=1', '/explorer?folderId=1'],
    ['/preview?fileId=2#x', '/preview?fileId=2#x'],
    ['/a/./b/../picker', '/a/picker'],
    ['/authors', '/authors'],
    // Encoded slashes and backslashes stay encoded: a path on this site.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example/x', '/%5Cevil.example/x'],
  ])('%j → %j', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });

  test('whatever it answers, a browser resolving it stays on the app', () => {
    const app = 'https://files.example.com';
    for (const raw of [
      '/.//evil.example/x',
      '/%2e//evil.example/x',
      '/x/..//evil.example/x',
      '/\\evil.example/x',
    ])
      expect(new URL(safeReturnTo(raw), `${app}/auth/login`).origin).toBe(app);
  });
});
