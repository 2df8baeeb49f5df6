import { existsSync } from 'node:fs';
import { createClient } from 'redis';
import { spawnManaged, type ManagedProcess } from './managed-process';

/** Debian's redis-server (`.ci/run` installs it); REDIS_SERVER_BIN names another. */
export const REDIS_SERVER_BIN =
  process.env.REDIS_SERVER_BIN ??
  (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');

/**
 * A real redis-server for one test run: loopback, a port picked by the harness, its data in a
 * temporary dir with AOF on (`appendfsync everysec`, as production runs it), no RDB snapshots.
 * It can be killed, paused and started again on the same port and the same dir: what it had
 * written to its AOF is there again.
 */
export class RedisServer {
  private process?: ManagedProcess;
  private starts = 0;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /** Start it and resolve once it accepts connections. */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis-server is running already');
    this.starts++;
    const child = spawnManaged(`redis-server #${this.starts}`, REDIS_SERVER_BIN, [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
    ]);
    this.process = child;
    await this.untilAnswering(child);
  }

  /** SIGKILL: no shutdown, no last AOF flush (what a crash does). */
  async kill(): Promise<void> {
    await this.process?.kill();
  }

  /** SIGTERM: Redis's own clean shutdown. */
  async stop(): Promise<void> {
    await this.process?.stop(5000);
  }

  /** SIGSTOP: connections stay open and nothing answers (Redis "slow"). */
  pause(): void {
    this.process?.signal('SIGSTOP');
  }

  resume(): void {
    this.process?.signal('SIGCONT');
  }

  output(): string {
    return this.process?.output() ?? '';
  }

  private async untilAnswering(child: ManagedProcess): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (!child.running) throw new Error(`redis-server exited at start:\n${child.output().slice(-2000)}`);
      const client = createClient({
        url: this.url,
        socket: { reconnectStrategy: false, connectTimeout: 500 },
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        // Loading the AOF answers LOADING until done.
        if ((await client.ping()) === 'PONG') return;
      } catch {
        // Not yet.
      } finally {
        client.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer within 15 s:\n${child.output().slice(-2000)}`);
  }
}
