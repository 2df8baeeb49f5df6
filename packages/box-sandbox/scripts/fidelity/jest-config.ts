import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Scratch } from './scratch';

/**
 * The jest configuration for the SDK's tests, as the SDK's own repository runs them (jest 29 and
 * ts-jest, `@/…` for its sources), with the compiled package (`lib/`) standing in for `src/`
 * and this runner's setup file loaded first.
 */
export function writeJestConfig(scratch: Scratch): string {
  const config = {
    rootDir: scratch.sdkDir,
    roots: ['<rootDir>/src/test'],
    testMatch: ['**/*.test.ts'],
    testEnvironment: 'node',
    // The tests live in node_modules (the installed package): jest skips that folder by default.
    testPathIgnorePatterns: [],
    transformIgnorePatterns: ['/node_modules/(?!box-node-sdk/src/)'],
    haste: { retainAllFiles: true },
    transform: {
      '^.+\\.ts$': [
        path.join(scratch.dir, 'node_modules', 'ts-jest'),
        {
          // Transpile only: the tests are Box's, type-checked by Box.
          isolatedModules: true,
          diagnostics: false,
          tsconfig: { target: 'ES2020', module: 'commonjs', esModuleInterop: true, strict: false },
        },
      ],
    },
    moduleNameMapper: { '^@/(.*)$': '<rootDir>/lib/$1' },
    setupFilesAfterEnv: [path.join(__dirname, 'jest-setup.ts')],
    // Box's tests make several calls each; a sandbox on a busy machine answers slower than Box.
    testTimeout: 120_000,
  };
  const file = path.join(scratch.dir, 'jest.config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
