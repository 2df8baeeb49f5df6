/**
 * How Jest loads the app's TypeScript and dependencies, for each of its test configs (jest.config.js,
 * jest.e2e.config.js, jest.cluster.config.js).
 */
module.exports = {
  transform: {
    // CommonJS for Jest's loader, which runs a dynamic import() only behind a Node.js flag: the
    // app's one (src/startup/local-box.ts, the sandbox loaded in sandbox mode) becomes a require().
    '^.+\\.ts$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { module: 'commonjs', moduleResolution: 'node10' } },
    ],
    // ES-module-only dependencies, compiled to CommonJS for Jest (see the file).
    '/node_modules/.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.js',
  },
  transformIgnorePatterns: [],
};
