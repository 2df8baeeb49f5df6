/**
 * Browser tests: the real app on the real sandbox, driven in headless Chromium (Debian's
 * /usr/bin/chromium, or CHROMIUM_PATH) through playwright-core. `npm run test:e2e`.
 */
const loading = require('./test/support/jest-transform');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  ...loading,
  // One browser at a time: the tests measure nothing, but a 110 MB upload and 40 s token
  // expiry are kinder to a small CI machine when they do not compete.
  maxWorkers: 1,
  testTimeout: 180_000,
  slowTestThreshold: 60,
};
