import { readFile } from 'node:fs/promises';
import { startSandboxProcess, type SandboxProcess } from 'box-sandbox/test-kit';
import { startBuiltAppOnBox, type BuiltApp } from '../support/processes';

/**
 * Box mode (a config.json, real Box's hosts; here a sandbox in a process of its own standing in
 * for Box): the app loads the sandbox only in sandbox mode, so none of its native modules (SQLite
 * through better-sqlite3, libvips through sharp) is mapped into the app's process.
 */
let sandbox: SandboxProcess;
let app: BuiltApp;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  app = await startBuiltAppOnBox(sandbox);
});

afterAll(async () => {
  app?.process.kill('SIGTERM');
  await app?.exited;
  await sandbox?.stop();
});

/** The shared objects a process has mapped (Linux's /proc/<pid>/maps). */
async function sharedObjects(pid: number): Promise<string[]> {
  const maps = await readFile(`/proc/${pid}/maps`, 'utf8');
  const files = maps.split('\n').map((line) => line.split(/\s+/).slice(5).join(' '));
  return [...new Set(files.filter((file) => /\.node$|\.so(\.[\d.]+)?$/.test(file)))];
}

const SANDBOX_NATIVE = /better_sqlite3|sharp|vips/;

test('the app works, and maps no native module of the sandbox', async () => {
  // Working: it made its demo folder at "Box", and serves a token for it.
  expect(app.folderId).toMatch(/^\d+$/);
  expect((await fetch(`${app.url}/api/token/explorer`)).status).toBe(200);

  const appObjects = await sharedObjects(app.process.pid!);
  expect(appObjects.filter((file) => SANDBOX_NATIVE.test(file))).toEqual([]);
  // The check sees such modules where they are: in the sandbox's own process.
  const sandboxObjects = await sharedObjects(sandbox.process.pid!);
  expect(sandboxObjects.some((file) => /better_sqlite3\.node$/.test(file))).toBe(true);
});
