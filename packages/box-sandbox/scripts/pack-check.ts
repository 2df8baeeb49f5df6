/**
 * `npm run test:pack` (CI runs it once): the package as npm would publish it, installed into an
 * empty directory the way its README says, from the registry (better-sqlite3 builds its native
 * module there, a minute or two: hence not part of `npm test`). Then `npx box-sandbox --help`
 * answers, and a started sandbox grants a token and lists its root folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGE_DIR = path.resolve(__dirname, '..');
/** What the tarball must hold, and the only places its files may come from. */
const NEEDED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/cli.js',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/test-kit/index.js',
  'dist/test-kit/box-node-sdk.js',
  'dist/preview-bundle/preview.js',
];
const ALLOWED = /^(dist\/.+\.(js|d\.ts|css|br|gz|json)|package\.json|README\.md|LICENSE)$/;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

function step(title: string): void {
  console.log(`== ${title}`);
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'box-sandbox-pack-'));
  let sandbox: ReturnType<typeof spawn> | undefined;
  try {
    step('npm pack');
    run('npm', ['run', 'build'], PACKAGE_DIR);
    const [pack] = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PACKAGE_DIR),
    ) as PackResult[];
    const files = pack!.files.map((f) => f.path);
    const missing = NEEDED.filter((f) => !files.includes(f));
    const stray = files.filter((f) => !ALLOWED.test(f));
    if (missing.length || stray.length)
      throw new Error(
        `missing: ${missing.join(', ') || 'none'}; not meant for it: ${stray.join(', ') || 'none'}`,
      );
    console.log(
      `${pack!.filename}: ${files.length} files, ${(pack!.size / 1024).toFixed(0)} KiB packed, ` +
        `${(pack!.unpackedSize / 1024).toFixed(0)} KiB unpacked`,
    );

    step(`npm install ./${pack!.filename} into an empty directory`);
    // npm 11 runs a dependency's install script only once approved: better-sqlite3 builds its module.
    writeFileSync(
      path.join(work, 'package.json'),
      JSON.stringify({ name: 'pack-check', private: true, allowScripts: { 'better-sqlite3': true } }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `./${pack!.filename}`], work);

    step('npx box-sandbox --help');
    const usage = run('npx', ['box-sandbox', '--help'], work);
    if (!usage.startsWith('Usage: box-sandbox [options]')) throw new Error(`--help said:\n${usage}`);

    step('box-sandbox started: a token for its JWT app, then its root folder');
    // The bin npx runs, started directly: a signal then reaches the sandbox itself.
    const bin = path.join(work, 'node_modules', '.bin', 'box-sandbox');
    sandbox = spawn(bin, ['--port', '0', '--data-dir', 'data', '--log-level', 'warn'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`box-sandbox did not start:\n${output}`)), 30_000);
      sandbox!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (/JWT app config\.json: .*\n/.test(output)) {
          clearTimeout(timer);
          resolve(output);
        }
      });
      sandbox!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`box-sandbox exited (${code}):\n${output}`));
      });
    });
    const url = /^Box sandbox listening on (\S+)$/m.exec(started)![1]!;
    const configPath = /JWT app config\.json: +(.+)$/m.exec(started)![1]!;
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
      boxAppSettings: { clientID: string; clientSecret: string };
      enterpriseID: string;
    };
    // Client Credentials with the config.json's client ID and secret, as the service account.
    const grant = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.boxAppSettings.clientID,
        client_secret: config.boxAppSettings.clientSecret,
        box_subject_type: 'enterprise',
        box_subject_id: config.enterpriseID,
      }),
    });
    const token = (await grant.json()) as { access_token?: string };
    if (!token.access_token) throw new Error(`no token: ${JSON.stringify(token)}`);
    const root = await fetch(`${url}/2.0/folders/0?fields=type,name`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    const folder = (await root.json()) as { type?: string; name?: string };
    if (root.status !== 200 || folder.type !== 'folder')
      throw new Error(`GET /2.0/folders/0: ${root.status}`);
    console.log(`${url}: root folder "${folder.name}"`);
    step('the packed sandbox installs and runs');
  } finally {
    if (sandbox && sandbox.exitCode === null) {
      const exited = new Promise((resolve) => sandbox!.once('exit', resolve));
      sandbox.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`pack check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
