import { startBuiltApp } from '../support/processes';
import { injectFault } from '../support/http';
import { tempDir } from '../support/temp-dir';

test('SIGTERM: stop accepting, let requests in flight finish, close the sandbox, exit 0', async () => {
  const dir = tempDir('box-shutdown-');
  const app = await startBuiltApp(dir.path);
  try {
    const { url, sandboxUrl: sandbox } = app;

    // Box (the sandbox) answers slowly, so this request is still in flight at SIGTERM.
    await injectFault(sandbox, { method: 'GET', path: '/2.0/folders/*', count: 1, delayMs: 2000 });
    const inFlight = fetch(`${url}/api/demo-folder`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    app.process.kill('SIGTERM');
    await app.waitFor(/shutting down/);

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(await app.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${sandbox}/_sandbox/stats`)).rejects.toThrow();
  } finally {
    app.process.kill('SIGKILL');
    dir.remove();
  }
}, 30_000);
