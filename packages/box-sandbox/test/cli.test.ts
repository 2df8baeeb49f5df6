import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, runNode, SANDBOX_CLI, type Child } from '../src/test-kit';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * `box-sandbox`, the command line (`npx box-sandbox`): its options, each also an environment
 * variable (the option wins), its help, and what it prints at start.
 */
const dir = tempDir('box-sandbox-cli-');
const running: Child[] = [];

afterAll(async () => {
  for (const child of running) {
    child.process.kill('SIGTERM');
    await child.exited;
  }
  dir.remove();
});

function cli(args: string[], env: Record<string, string> = {}): Child {
  const child = runNode(SANDBOX_CLI, env, { args, cwd: dir.path });
  running.push(child);
  return child;
}

test('--help: the usage on stdout, every option with its variable, exit 0', async () => {
  const child = cli(['--help']);
  expect(await child.exited).toEqual({ code: 0, signal: null });
  const usage = child.output();
  expect(usage).toMatch(/^Usage: box-sandbox \[options\]/);
  for (const [option, variable] of [
    ['--port', 'SANDBOX_PORT'],
    ['--host', 'SANDBOX_HOST'],
    ['--data-dir', 'SANDBOX_DATA_DIR'],
    ['--tls-cert', 'SANDBOX_TLS_CERT_FILE'],
    ['--tls-key', 'SANDBOX_TLS_KEY_FILE'],
  ])
    expect(usage).toMatch(new RegExp(`${option} <[a-z]+> +.*\\n +\\(${variable}[;)]`));
  expect(usage).toContain('-h, --help');
});

test('--version: the package version', async () => {
  const child = cli(['--version']);
  expect(await child.exited).toEqual({ code: 0, signal: null });
  const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(child.output().trim()).toBe(version);
});

test('an unknown option, or one without its value: one line saying so, exit 2', async () => {
  for (const args of [['--colour'], ['--port'], ['extra']]) {
    const child = cli(args);
    expect((await child.exited).code).toBe(2);
    expect(child.output()).toMatch(/^box-sandbox: .+\nRun box-sandbox --help for the options\.\n$/);
  }
});

test('a bad value: one line naming the variable, exit 1', async () => {
  const child = cli(['--port', 'http']);
  expect((await child.exited).code).toBe(1);
  expect(child.output()).toBe('Sandbox settings error: SANDBOX_PORT: must be a port number (0-65535)\n');
});

test('starts where the options say, over the variables, and prints its URL and its config.json', async () => {
  const port = await freePort();
  const dataDir = path.join(dir.path, 'from-option');
  const child = cli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
    SANDBOX_PORT: '1',
    SANDBOX_DATA_DIR: path.join(dir.path, 'from-variable'),
    LOG_LEVEL: 'warn',
  });
  await child.waitFor(/config\.json: +.*\n/);
  const url = `http://127.0.0.1:${port}`;
  expect(child.output()).toContain(`Box sandbox listening on ${url}\n`);
  const configPath = path.join(dataDir, 'config.json');
  expect(child.output()).toContain(`JWT app config.json:      ${configPath}\n`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { boxAppSettings: { clientID: string } };
  expect(config.boxAppSettings.clientID).toMatch(/^[a-z0-9]{32}$/);
  expect(existsSync(path.join(dir.path, 'from-variable'))).toBe(false);
  // It answers as Box does.
  const me = await fetch(`${url}/2.0/users/me`);
  expect(me.status).toBe(401);
  expect(((await me.json()) as { code: string }).code).toBe('unauthorized');
});

test('the variables alone work too', async () => {
  const dataDir = path.join(dir.path, 'from-variables');
  const child = cli([], { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const [, url] = await child.waitFor(/Box sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
  expect((await fetch(`${url!}/2.0/users/me`)).status).toBe(401);
  expect(existsSync(path.join(dataDir, 'config.json'))).toBe(true);
});

test('SIGTERM: it stops, exit 0', async () => {
  const child = cli(['--port', '0', '--data-dir', path.join(dir.path, 'stop')], { LOG_LEVEL: 'warn' });
  await child.waitFor(/listening on/);
  child.process.kill('SIGTERM');
  expect(await child.exited).toEqual({ code: 0, signal: null });
});
