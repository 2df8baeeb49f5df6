/**
 * `box-sandbox/test-kit`: what a test of a Box app wants from the sandbox. A sandbox of its own
 * (free port, temporary data dir), in the test's process or in a child process as the command
 * line runs it; its `/_sandbox` counters and faults; a certificate for https. The helpers for
 * box-node-sdk are in `box-sandbox/test-kit/box-node-sdk`.
 */
export { startTestSandbox, sandboxConfig, type TestSandbox } from './in-process';
export { freePort } from './free-port';
export { runNode, SANDBOX_CLI, startSandboxProcess, type Child, type SandboxProcess } from './processes';
export {
  clearFaults,
  injectFault,
  resetSandboxStats,
  sandboxStats,
  type SandboxStats,
} from './sandbox-endpoints';
export { selfSignedCertificate, type Certificate } from './certificate';
