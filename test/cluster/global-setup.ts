import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Before any cluster test: a dir where every process group the tests start is listed while it
 * runs (test/support/managed-process.ts). The workers inherit the variable.
 */
export default function globalSetup(): void {
  process.env.CLUSTER_PID_DIR = mkdtempSync(path.join(os.tmpdir(), 'box-cluster-pids-'));
}
