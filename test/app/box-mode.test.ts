import { chmodSync, copyFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sandboxConfig, startSandboxProcess, type SandboxProcess } from 'box-sandbox/test-kit';
import { startTestApp } from '../support/app';
import { startBuiltAppOnBox, type BuiltApp } from '../support/processes';
import { tempDir } from '../support/temp-dir';

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

describe("config.json's file mode", () => {
  const dir = tempDir('box-config-mode-');
  afterAll(() => dir.remove());

  /** The sandbox's config.json, copied with this mode. */
  function configWithMode(mode: number): string {
    const file = path.join(dir.path, `config-${mode.toString(8)}.json`);
    copyFileSync(sandbox.configPath, file);
    chmodSync(file, mode);
    return file;
  }

  /** The warnings about the file's mode the app logged at start (the app in this process). */
  async function modeWarnings(file: string): Promise<string[]> {
    const app = await startTestApp({
      BOX_MODE: 'box',
      BOX_CONFIG_FILE: file,
      BOX_API_HOST: sandbox.url,
      BOX_UPLOAD_HOST: sandbox.url,
      BOX_STATIC_HOST: sandbox.url,
    });
    try {
      expect((await fetch(`${app.url}/api/token/explorer`)).status).toBe(200);
      return app
        .logs()
        .split('\n')
        .filter((line) => /chmod 600/.test(line));
    } finally {
      await app.destroy();
    }
  }

  const octal = (mode: number) => `0${mode.toString(8)}`;

  test.each([0o644, 0o640, 0o604, 0o620, 0o602].map((mode) => [octal(mode), mode] as const))(
    'mode %s: one warning line at start, naming the file and its mode, no secret',
    async (_label, mode) => {
      const file = configWithMode(mode);
      const warnings = await modeWarnings(file);
      expect(warnings).toHaveLength(1);
      const line = JSON.parse(warnings[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 40, file, mode: octal(mode) });
      expect(String(line.msg)).toMatch(/readable or writable by others/);
      const { boxAppSettings } = sandboxConfig(sandbox);
      expect(warnings[0]).not.toContain(boxAppSettings.clientSecret);
      expect(warnings[0]).not.toContain('PRIVATE KEY');
    },
  );

  test.each([0o600, 0o400].map((mode) => [octal(mode), mode] as const))(
    'mode %s (its owner only): no warning',
    async (_label, mode) => {
      expect(await modeWarnings(configWithMode(mode))).toEqual([]);
    },
  );
});
