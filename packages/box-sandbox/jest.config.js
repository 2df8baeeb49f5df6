/** The sandbox's tests: the real sandbox over HTTP, driven by box-node-sdk. `npm test` here or at the root. */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'box-sandbox',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
};
