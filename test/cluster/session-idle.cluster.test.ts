import { useCluster } from '../support/cluster';
import { sleep } from '../support/cluster-http';
import { send, signIn } from '../support/sign-in';

/**
 * The idle timeout with sessions in Redis: each instance renews a session's TTL there at most
 * once a tenth of the idle period (src/state/redis/sessions.ts), and that is enough to keep an
 * active person signed in across instances, and to end an idle session on time.
 */
const IDLE_MS = 3000;
const fixture = useCluster({ env: { SESSION_IDLE_MINUTES: String(IDLE_MS / 60_000) } });

test('active across instances for twice the idle timeout: still signed in; then idle: signed out', async () => {
  const { cluster } = fixture;
  const { jar } = await signIn(cluster.publicUrl, 'alan-turing');

  // Requests through nginx, so each instance sees some of them, for twice the idle period.
  const started = Date.now();
  const statuses: number[] = [];
  while (Date.now() - started < 2 * IDLE_MS) {
    statuses.push((await send(jar, `${cluster.publicUrl}/api/demo-folder`)).status);
    await sleep(IDLE_MS / 5);
  }
  expect(statuses.length).toBeGreaterThanOrEqual(9);
  expect(new Set(statuses)).toEqual(new Set([200]));

  // Idle past the timeout (and the tenth of it a touch may lag behind): the session is gone.
  await sleep(IDLE_MS * 1.1 + 500);
  expect((await send(jar, `${cluster.publicUrl}/api/demo-folder`)).status).toBe(401);
}, 30_000);
