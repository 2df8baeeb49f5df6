import { reapLeftovers } from '../support/managed-process';

/**
 * After every cluster test: any process group still listed belonged to a worker that died before
 * its own afterAll could stop it. Kill it, so a run never leaves a Redis, an nginx or an app behind.
 */
export default function globalTeardown(): void {
  const dir = process.env.CLUSTER_PID_DIR;
  if (!dir) return;
  const reaped = reapLeftovers(dir);
  if (reaped > 0) console.warn(`cluster tests: killed ${reaped} process group(s) left running`);
}
