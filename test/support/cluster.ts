import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type RedisClientType } from 'redis';
import type { BoxConfigFile } from 'box-sandbox';
import { spawnManaged, type ManagedProcess } from './managed-process';
import { startNginx, type RunningNginx } from './nginx';
import { SANDBOX_CLI } from 'box-sandbox/test-kit';
import { BUILT_APP, freePort } from './processes';
import { RedisServer } from './redis-server';

/**
 * The whole deployment of docs/deploy.md on one machine, from the built programs: a real
 * redis-server (AOF on), one standalone sandbox standing in for Box, the dev identity provider,
 * N app instances in box mode (the path real Box takes) sharing that Redis, and nginx in front
 * running deploy/nginx.conf.template. Every part on a free loopback port with its data in one
 * temporary dir; every process in its own process group, all of them stopped by `stop()` (and
 * killed when the test process exits, see managed-process.ts). The cluster tests and the
 * `cluster` benchmark start it.
 */

export const BUILT_DEV_IDP = path.resolve(__dirname, '../../dist/dev-idp/main.js');

/** What every instance of a run is given (the settings table of docs/deploy.md). */
export const REDIS_PREFIX = 'box-ui:';

export interface ClusterOptions {
  /** App instances (3). */
  instances?: number;
  /** `oidc` (sign-in through the dev provider) or `none` (everyone is the service account). */
  authMode?: 'oidc' | 'none';
  /** nginx in front (true); without it, PUBLIC_URL is left unset and instances are asked directly. */
  nginx?: boolean;
  /** More app settings (rate limits, ...), over the harness's own. */
  env?: Record<string, string>;
  /** People on the dev provider's page besides the three demo ones. */
  extraPeople?: number;
}

/** One JSON request log line of an instance (src/web/observe.ts). */
export interface RequestLine {
  req: { id: string; method: string; path: string };
  res: { status: number };
  responseTime: number;
}

/** The secrets of a run: none may appear in Redis key names, Redis values, or any log. */
export interface ClusterSecrets {
  boxClientSecret: string;
  boxPrivateKey: string;
  boxPassphrase: string;
  oidcClientSecret?: string;
  sessionSecret: string;
  tokenEncryptionKey: string;
}

export class AppInstance {
  private process?: ManagedProcess;
  /** Output of earlier runs of this instance (it may be restarted). */
  private earlier = '';
  private starts = 0;

  constructor(
    readonly index: number,
    readonly port: number,
    /** Its Prometheus metrics' own port (METRICS_PORT, on loopback): nginx never reaches it. */
    readonly metricsPort: number,
    private readonly baseEnv: () => Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where Prometheus would scrape this instance: `${metricsUrl}/metrics`. */
  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Start `node dist/main.js`; resolves once `/readyz` says ready. */
  async start(env: Record<string, string> = {}): Promise<void> {
    if (this.running) throw new Error(`instance ${this.index} is running already`);
    if (this.process) this.earlier += this.process.output();
    this.starts++;
    const child = spawnManaged(
      `app instance ${this.index} (start ${this.starts})`,
      process.execPath,
      [BUILT_APP],
      {
        env: { ...this.baseEnv(), PORT: String(this.port), METRICS_PORT: String(this.metricsPort), ...env },
      },
    );
    this.process = child;
    // Not its log line: benchmarks run instances with LOG_LEVEL=silent.
    await this.untilReady(child);
  }

  /** SIGTERM (the app finishes what is in flight and exits); resolves once it has exited. */
  async stop(): Promise<void> {
    await this.process?.stop(15_000);
  }

  /** SIGTERM now, without waiting. */
  terminate(): void {
    this.process?.signal('SIGTERM');
  }

  /** SIGKILL: gone at once, its locks held until they expire, its requests cut. */
  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.stop();
    await this.start(env);
  }

  /** Everything it wrote, over every run. */
  output(): string {
    return this.earlier + (this.process?.output() ?? '');
  }

  /** Its request log lines (one JSON line per request), over every run. */
  requestLines(): RequestLine[] {
    const lines: RequestLine[] = [];
    for (const line of this.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as Partial<RequestLine>;
        if (entry.req && entry.res) lines.push(entry as RequestLine);
      } catch {
        // Not JSON after all (a console line).
      }
    }
    return lines;
  }

  private async untilReady(child: ManagedProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    let last = '';
    while (Date.now() < deadline) {
      if (!child.running) throw new Error(`instance ${this.index} exited:\n${child.output().slice(-3000)}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(5000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (err) {
        last = String(err);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `instance ${this.index} not ready within 60 s (${last}):\n${child.output().slice(-3000)}`,
    );
  }
}

/**
 * How many requests each instance has logged whose path `counts`, once the lines of requests just
 * answered have arrived: a line is written as its response finishes and reaches the test through a
 * pipe a moment later, so this waits until the counts hold for 300 ms.
 */
export async function settledRequestCounts(
  instances: AppInstance[],
  counts: (path: string) => boolean,
): Promise<number[]> {
  const now = () => instances.map((i) => i.requestLines().filter((l) => counts(l.req.path)).length);
  let last = now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = now();
    if (next.every((n, i) => n === last[i])) return next;
    last = next;
  }
}

export class Cluster {
  /** PUBLIC_URL: nginx's origin (without nginx, unset, and this is instance 0's URL). */
  publicUrl!: string;
  sandboxUrl!: string;
  sandboxDataDir!: string;
  boxConfig!: BoxConfigFile;
  idp?: { issuer: string; clientId: string; clientSecret: string };
  redis!: RedisServer;
  nginx?: RunningNginx;
  instances: AppInstance[] = [];
  secrets!: ClusterSecrets;
  readonly authMode: 'oidc' | 'none';
  private readonly dir: string;
  private readonly others: ManagedProcess[] = [];
  private client?: RedisClientType;
  private appEnv: Record<string, string> = {};

  constructor(private readonly options: ClusterOptions = {}) {
    this.authMode = options.authMode ?? 'oidc';
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'box-cluster-'));
  }

  /** Start every part, in the order a deployment would; on failure, stop what was started. */
  async start(): Promise<this> {
    try {
      await this.startParts();
      return this;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startParts(): Promise<void> {
    const count = this.options.instances ?? 3;
    const withNginx = this.options.nginx ?? true;
    const [redisPort, sandboxPort, idpPort, nginxPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    // Ports picked now and bound later (an instance's again after a restart): freePort's are
    // outside the range outgoing connections take theirs from, and held for this process alone.
    const ports: number[] = [];
    const metricsPorts: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    for (let i = 0; i < count; i++) metricsPorts.push(await freePort());
    this.publicUrl = withNginx ? `http://127.0.0.1:${nginxPort}` : `http://127.0.0.1:${ports[0]}`;

    const redisDir = this.subdir('redis');
    this.redis = new RedisServer(redisPort, redisDir);
    await this.redis.start();

    this.sandboxDataDir = this.subdir('sandbox');
    const sandbox = spawnManaged('sandbox', process.execPath, [SANDBOX_CLI], {
      env: {
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_DATA_DIR: this.sandboxDataDir,
        SANDBOX_CORS_ORIGINS: this.publicUrl,
        LOG_LEVEL: 'warn',
      },
    });
    this.others.push(sandbox);
    const [, sandboxUrl] = await sandbox.waitFor(/Box sandbox listening on (\S+)/);
    this.sandboxUrl = sandboxUrl!;
    const configFile = path.join(this.sandboxDataDir, 'config.json');
    this.boxConfig = JSON.parse(readFileSync(configFile, 'utf8')) as BoxConfigFile;

    const sessionSecret = randomBytes(32).toString('hex');
    const tokenEncryptionKey = randomBytes(32).toString('base64');
    this.appEnv = {
      BOX_MODE: 'box',
      BOX_CONFIG_FILE: configFile,
      BOX_API_HOST: this.sandboxUrl,
      BOX_UPLOAD_HOST: this.sandboxUrl,
      BOX_STATIC_HOST: this.sandboxUrl,
      HOST: '127.0.0.1',
      ...(withNginx ? { PUBLIC_URL: this.publicUrl } : {}),
      TRUST_PROXY: 'loopback',
      REDIS_URL: this.redis.url,
      REDIS_PREFIX,
      TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
      SESSION_SECRET: sessionSecret,
      LOG_LEVEL: 'info',
      AUTH_MODE: this.authMode,
      TOKEN_RATE_LIMIT: '100000',
      API_RATE_LIMIT: '100000',
      AUTH_RATE_LIMIT: '100000',
      ...this.options.env,
    };

    if (this.authMode === 'oidc') {
      const idpDir = this.subdir('dev-idp');
      const idp = spawnManaged('dev identity provider', process.execPath, [BUILT_DEV_IDP], {
        env: {
          DEV_IDP_PORT: String(idpPort),
          DEV_IDP_HOST: '127.0.0.1',
          DEV_IDP_DATA_DIR: idpDir,
          DEV_IDP_APP_URL: this.publicUrl,
          DEV_IDP_EXTRA_PEOPLE: String(this.options.extraPeople ?? 0),
        },
      });
      this.others.push(idp);
      const [, issuer] = await idp.waitFor(/OIDC_ISSUER=(\S+)/);
      const registered = JSON.parse(readFileSync(path.join(idpDir, 'dev-idp.json'), 'utf8')) as {
        clientId: string;
        clientSecret: string;
      };
      this.idp = { issuer: issuer!, clientId: registered.clientId, clientSecret: registered.clientSecret };
      Object.assign(this.appEnv, {
        OIDC_ISSUER: this.idp.issuer,
        OIDC_CLIENT_ID: this.idp.clientId,
        OIDC_CLIENT_SECRET: this.idp.clientSecret,
      });
    }

    this.secrets = {
      boxClientSecret: this.boxConfig.boxAppSettings.clientSecret,
      boxPrivateKey: this.boxConfig.boxAppSettings.appAuth.privateKey,
      boxPassphrase: this.boxConfig.boxAppSettings.appAuth.passphrase,
      oidcClientSecret: this.idp?.clientSecret,
      sessionSecret,
      tokenEncryptionKey,
    };

    this.instances = ports.map((port, i) => new AppInstance(i, port, metricsPorts[i]!, () => this.appEnv));
    // One at a time: three cold starts at once on two cores only make each slower.
    for (const instance of this.instances) await instance.start();

    if (withNginx) {
      this.nginx = await startNginx({
        dir: this.subdir('nginx'),
        port: nginxPort,
        upstreams: this.instances.map((i) => `127.0.0.1:${i.port}`),
      });
    }
  }

  /** The settings every instance runs with (for tests that look at them). */
  get settings(): Readonly<Record<string, string>> {
    return this.appEnv;
  }

  /** PUBLIC_URL's host, as nginx passes it on (and as a direct request must name it). */
  get publicHost(): string {
    return new URL(this.publicUrl).host;
  }

  /** A client of the run's Redis, for tests that look inside (closed by `stop`). */
  async redisClient(): Promise<RedisClientType> {
    if (!this.client) {
      const client: RedisClientType = createClient({
        url: this.redis.url,
        socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) },
      });
      client.on('error', () => undefined);
      await client.connect();
      this.client = client;
    }
    return this.client;
  }

  /**
   * Every cached token gone, on every instance, as in a deployment that has never asked Box for
   * one: what RedisTokenStore.clear() does (delete `tok:*`, then tell every instance to drop its
   * local copies, on the app's invalidation channel).
   */
  async forgetTokens(): Promise<void> {
    const redis = await this.redisClient();
    for await (const keys of redis.scanIterator({ MATCH: `${REDIS_PREFIX}tok:*`, COUNT: 500 }))
      if (keys.length > 0) await redis.del(keys);
    for (const store of ['parent', 'ui'])
      await redis.publish(`${REDIS_PREFIX}invalidate`, JSON.stringify({ store }));
    // Delivered to every subscriber within milliseconds; a little margin on a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /** Every instance's output, over every run. */
  appLogs(): string {
    return this.instances.map((i) => i.output()).join('\n');
  }

  /** Stop everything (nginx first, Redis last) and remove the temporary dir. */
  async stop(): Promise<void> {
    try {
      this.client?.destroy();
    } catch {
      // closed already
    }
    this.client = undefined;
    await this.nginx?.stop().catch(() => undefined);
    await Promise.all(this.instances.map((i) => i.kill()));
    await Promise.all(this.others.map((p) => p.stop(5000)));
    await this.redis?.kill();
    if (!process.env.KEEP_CLUSTER_DIR) rmSync(this.dir, { recursive: true, force: true });
  }

  private subdir(name: string): string {
    const dir = path.join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
}

/** Start a cluster (see Cluster). */
export function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  return new Cluster(options).start();
}

/**
 * Jest: one cluster for a test file, started before its tests and stopped after them (a failed
 * test included). Read `fixture.cluster` inside hooks and tests.
 */
export function useCluster(options: ClusterOptions = {}): { cluster: Cluster } {
  const fixture = {} as { cluster: Cluster };
  beforeAll(async () => {
    fixture.cluster = await startCluster(options);
  }, 180_000);
  afterAll(async () => {
    await fixture.cluster?.stop();
  }, 60_000);
  return fixture;
}
