import http from 'node:http';
import { startBuiltApp } from '../support/processes';
import { injectFault } from 'box-sandbox/test-kit';
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

test('SIGTERM under keep-alive load (a proxy in front): each connection closes after its next answer, no waiting out the grace', async () => {
  const dir = tempDir('box-shutdown-');
  const app = await startBuiltApp(dir.path);
  // Four connections kept open and busy nearly all the time (Box takes a second over each
  // request), as a load balancer's are to an instance under load: never idle when it closes.
  await injectFault(app.sandboxUrl, { method: 'GET', path: '/2.0/folders/*', count: 10_000, delayMs: 1000 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const answers: { status?: number; connection?: string; error?: string }[] = [];
  let running = true;
  const get = () =>
    new Promise<void>((resolve) => {
      const req = http.get(`${app.url}/api/demo-folder`, { agent }, (res) => {
        answers.push({ status: res.statusCode, connection: res.headers.connection });
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', (err) => {
        answers.push({ error: err.message });
        resolve();
      });
    });
  const clients = Array.from({ length: 4 }, async () => {
    while (running) await get();
  });
  try {
    // The SIGTERM comes in the middle of a second round: each connection has had its first answer
    // and sent its next request, which Box then holds for most of a second. (Sent at a moment of
    // its own, the signal could find all four between an answer and their next request on a busy
    // machine, and close them idle: no answer to say Connection: close.)
    while (answers.length < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = Date.now();
    app.process.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    // Its grace is 10 s; it had nothing to wait for but the answers under way.
    expect(Date.now() - stopping).toBeLessThan(5000);
    // The answers sent just before the exit may be read here after the exit is seen: let the
    // clients finish (each gets a refusal once the listener is gone) before looking at them.
    running = false;
    await Promise.all(clients);
    // The four under way at the signal were answered, each closing its connection.
    expect(answers.filter((a) => a.connection === 'close').length).toBeGreaterThanOrEqual(4);
    // Every request it took was answered: none cut (the refusals after are the listener gone).
    expect(answers.filter((a) => a.status !== undefined && a.status !== 200)).toEqual([]);
    expect(answers.filter((a) => a.error !== undefined && !/ECONNREFUSED/.test(a.error))).toEqual([]);
    expect(app.output()).not.toMatch(/grace period over/);
  } finally {
    running = false;
    await Promise.all(clients);
    agent.destroy();
    app.process.kill('SIGKILL');
    dir.remove();
  }
}, 30_000);
