/**
 * box-sandbox as a library: start the sandbox in your own process (a test's, or an app's that
 * wants a local Box), with the same settings the command line reads. `box-sandbox/test-kit`
 * adds what tests want on top (a free port and a temporary data dir, faults, counters).
 */
export { startSandbox, type RunningSandbox, type SandboxOptions } from './server';
export {
  readSandboxTls,
  SandboxSettingsError,
  sandboxSettingsFromEnv,
  type SandboxSettings,
} from './settings';
export type { AccountLimits } from './limits';
export type { BoxConfigFile } from './provision';
export type { SandboxStore } from './store';
