/**
 * `npm run fidelity`: box-node-sdk's own integration tests, unchanged, against a sandbox started
 * for them over https, and the share of each group of tests that passes. See the package README,
 * "How much of Box it is".
 *
 *   npm run fidelity                          every group; the README's table is rewritten
 *   npm run fidelity -- --groups core,lifecycle
 *   npm run fidelity -- --files search,events  some of the SDK's test files, with each test's outcome
 *   npm run fidelity -- --workers 1            jest workers (default 2)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { selfSignedCertificate, startSandboxProcess } from '../../src/test-kit';
import { GROUPS, OUT_OF_SCOPE } from './groups';
import { writeJestConfig } from './jest-config';
import { readJestResults, type SuiteResults } from './jest-results';
import { updateReadme } from './readme';
import { failureList, groupReports, meetsGoal, overall, percent, textTable, type TestRun } from './report';
import { installScratch, scratchDir, SDK_VERSION, type Scratch } from './scratch';
import { prepareAccount } from './account';

const README = path.resolve(__dirname, '..', '..', 'README.md');

interface Options {
  files: string[];
  whole: boolean;
  workers: number;
}

function parseArgs(argv: string[]): Options {
  const known = new Set([...GROUPS.flatMap((g) => g.files), ...OUT_OF_SCOPE.flatMap((o) => o.files)]);
  let files: string[] | undefined;
  let workers = 2;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--files') files = [...(files ?? []), ...value().split(',').filter(Boolean)];
    else if (flag === '--groups') {
      for (const name of value().split(',').filter(Boolean)) {
        const group = GROUPS.find((g) => g.name === name);
        if (!group)
          throw new Error(`no group '${name}': the groups are ${GROUPS.map((g) => g.name).join(', ')}`);
        files = [...(files ?? []), ...group.files];
      }
    } else if (flag === '--workers') workers = Number(value());
    else throw new Error(`unknown option ${argv[i]}: see the top of scripts/fidelity/run.ts`);
  }
  for (const file of files ?? [])
    if (!known.has(file)) throw new Error(`box-node-sdk ${SDK_VERSION} has no test file '${file}.test.ts'`);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error('--workers wants a whole number, at least 1');
  return { files: files ?? GROUPS.flatMap((g) => g.files), whole: files === undefined, workers };
}

interface JestRun {
  scratch: Scratch;
  config: string;
  testFiles: string[];
  workers: number;
}

/**
 * One pass of jest over the test files (`offline` or `sandbox`): its results, as `--json` writes
 * them, in `<pass>.json` and jest's own output in `<pass>.log`, both in the scratch dir.
 */
function runPass(run: JestRun, pass: 'offline' | 'sandbox', env: NodeJS.ProcessEnv) {
  const out = path.join(run.scratch.dir, `${pass}.json`);
  const log = path.join(run.scratch.dir, `${pass}.log`);
  return new Promise<{ out: string; log: string }>((resolve, reject) => {
    rmSync(out, { force: true });
    const args = ['--config', run.config, '--json', '--outputFile', out, '--maxWorkers', String(run.workers)];
    const child = spawn(
      process.execPath,
      [run.scratch.jestBin, ...args, '--runTestsByPath', ...run.testFiles],
      {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => {
      writeFileSync(log, text);
      // jest exits 1 when a test fails: that is a result, not an error. No results file is one.
      if (existsSync(out)) resolve({ out, log });
      else reject(new Error(`jest gave no results; its output is in ${log}`));
    });
  });
}

function outcomes(files: string[], offline: SuiteResults, sandbox: SuiteResults): TestRun[] {
  return files.flatMap((file) =>
    sandbox.declared(file).map((test) => {
      const against = sandbox.outcome(file, test);
      return {
        file,
        test,
        offline: offline.outcome(file, test).status,
        sandbox: against.status,
        error: against.error,
      };
    }),
  );
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const scratch = installScratch(scratchDir(), (line) => console.log(line));
  const jestConfig = writeJestConfig(scratch);
  const cert = selfSignedCertificate();
  const sandbox = await startSandboxProcess({
    env: { SANDBOX_TLS_CERT_FILE: cert.certFile, SANDBOX_TLS_KEY_FILE: cert.keyFile, LOG_LEVEL: 'error' },
  });
  try {
    const configText = readFileSync(sandbox.configPath, 'utf8');
    const config = JSON.parse(configText) as Parameters<typeof prepareAccount>[2];
    const people = await prepareAccount(sandbox.url, cert, config);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: cert.certFile,
      FIDELITY_SDK_DIR: scratch.sdkDir,
      FIDELITY_SANDBOX_URL: sandbox.url,
      FIDELITY_REFUSALS: path.join(scratch.dir, 'refused.jsonl'),
      JWT_CONFIG_BASE_64: Buffer.from(configText).toString('base64'),
      CLIENT_ID: config.boxAppSettings.clientID,
      CLIENT_SECRET: config.boxAppSettings.clientSecret,
      ENTERPRISE_ID: config.enterpriseID,
      USER_ID: people.userId,
      BOX_EXTERNAL_USER_ID: people.externalUserId,
      BOX_EXTERNAL_USER_EMAIL: people.externalUserLogin,
    };
    rmSync(env.FIDELITY_REFUSALS!, { force: true });
    const testFiles = options.files.map((f) => path.join(scratch.sdkDir, 'src', 'test', `${f}.test.ts`));
    const run: JestRun = { scratch, config: jestConfig, testFiles, workers: options.workers };
    console.log(`box-node-sdk ${SDK_VERSION}: ${testFiles.length} test files, sandbox at ${sandbox.url}`);
    console.log('1/2 with no server (what passes here only exercises the SDK) ...');
    const offline = await runPass(run, 'offline', { ...env, FIDELITY_OFFLINE: '1' });
    console.log('2/2 against the sandbox ...');
    const against = await runPass(run, 'sandbox', env);

    const runs = outcomes(
      options.files,
      readJestResults(offline.out, scratch.sdkDir),
      readJestResults(against.out, scratch.sdkDir),
    );
    const reports = groupReports(GROUPS, runs, new Set(options.files));
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(`\n${textTable(reports)}\n`);
    const failures = failureList(reports);
    if (failures) console.log(`Failed against the sandbox:\n${failures}\n`);
    const refused = existsSync(env.FIDELITY_REFUSALS!)
      ? readFileSync(env.FIDELITY_REFUSALS!, 'utf8').trim()
      : '';
    if (refused) console.log(`Requests refused (not the sandbox):\n${refused}\n`);
    console.log(`${minutes} min; jest's output: ${against.log}`);
    if (options.whole) {
      await updateReadme(README, reports, { date: new Date(), minutes, sdkVersion: SDK_VERSION });
      console.log(`README.md: the table is this run's (overall ${percent(overall(reports))})`);
    }
    const below = reports.filter((r) => r.group.claimed && !meetsGoal(r));
    process.exitCode = below.length > 0 ? 1 : 0;
  } finally {
    await sandbox.stop();
    cert.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
