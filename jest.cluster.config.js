/**
 * Cluster tests: three app instances (the built app, box mode) behind a real nginx, sharing a real
 * Redis, against one standalone sandbox and the dev identity provider, all started by the tests
 * on free ports with temporary dirs. `npm run test:cluster`.
 */
const loading = require('./test/support/jest-transform');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.test.ts'],
  ...loading,
  // One cluster at a time: a 2-core machine runs 3 instances, nginx, Redis and the sandbox.
  maxWorkers: 1,
  testTimeout: 180_000,
  // Whatever a dead worker left running is killed at the end (test/support/managed-process.ts).
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
};
