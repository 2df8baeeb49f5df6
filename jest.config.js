/** Unit and integration tests: the real app and the real sandbox over HTTP, no browser. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/cluster/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // ES-module-only dependencies, compiled to CommonJS for Jest (see the file).
    '/node_modules/.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.js',
  },
  transformIgnorePatterns: [],
  testTimeout: 30000,
};
