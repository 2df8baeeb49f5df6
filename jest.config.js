/**
 * `npm test`: both packages' tests. The app's (test/app, test/hardening, test/unit): the real app
 * and the real sandbox over HTTP, no browser; the token machinery's unit tests with fakes. The
 * sandbox's: its own config, packages/box-sandbox/jest.config.js (`npm test -w box-sandbox`).
 */
const os = require('node:os');
const loading = require('./test/support/jest-transform');

/** @type {import('jest').Config} */
const app = {
  displayName: 'app',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/cluster/'],
  ...loading,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [app, '<rootDir>/packages/box-sandbox'],
  // Global: Jest reads no testTimeout from a project's config.
  testTimeout: 30000,
  // Two test files at a time at least (Jest's default is one fewer than the cores: one on a 2-core
  // machine). Each is mostly one busy Node.js process, the real app and sandbox inside it.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  testSequencer: '<rootDir>/test/support/long-tests-first.js',
};
