import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './managed-process';

/** The file production runs, and the cluster tests too. */
export const NGINX_TEMPLATE = path.resolve(__dirname, '../../deploy/nginx.conf.template');

/** Debian's nginx (`.ci/run` installs it); NGINX_BIN names another. */
export const NGINX_BIN =
  process.env.NGINX_BIN ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/** The placeholders of deploy/nginx.conf.template, all of them. */
export type NginxTemplateValues = {
  NGINX_LISTEN: string;
  APP_SERVERS: string;
  NGINX_RUN_DIR: string;
  NGINX_LOG_DIR: string;
};

/**
 * What `envsubst '$NGINX_LISTEN $APP_SERVERS …'` makes of the template: `$NAME` and `${NAME}` of
 * the names given are replaced, every other `$` (nginx's variables) is left alone. Throws when a
 * name given is not in the template, so the template and its users cannot drift apart.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  let text = template;
  for (const [name, value] of Object.entries(values)) {
    const pattern = new RegExp(`\\$(?:\\{${name}\\}|${name}(?![A-Za-z0-9_]))`, 'g');
    if (!pattern.test(text)) throw new Error(`the template has no \${${name}}`);
    text = text.replace(pattern, () => value);
  }
  const left = /\$\{[A-Z][A-Z0-9_]*\}/.exec(text);
  if (left) throw new Error(`the template's ${left[0]} was given no value`);
  return text;
}

export interface RunningNginx {
  url: string;
  /** The rendered config, as nginx read it. */
  configFile: string;
  accessLog(): string;
  errorLog(): string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Render deploy/nginx.conf.template into `dir` and run it in the foreground: `nginx -p <dir> -c
 * <dir>/nginx.conf -e <dir>/logs/error.log -g 'daemon off;'`, its pid file, temporary files and
 * logs all in `dir`. Resolves once it answers on `port`.
 */
export async function startNginx(options: {
  dir: string;
  port: number;
  upstreams: string[];
}): Promise<RunningNginx> {
  const runDir = path.join(options.dir, 'run');
  const logDir = path.join(options.dir, 'logs');
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  // Started as root, nginx's workers are `nobody`: they must reach their temporary dirs inside.
  for (const dir of [options.dir, runDir]) chmodSync(dir, 0o755);
  const configFile = path.join(options.dir, 'nginx.conf');
  const values: NginxTemplateValues = {
    NGINX_LISTEN: `127.0.0.1:${options.port}`,
    APP_SERVERS: options.upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=3s;`).join('\n        '),
    NGINX_RUN_DIR: runDir,
    NGINX_LOG_DIR: logDir,
  };
  writeFileSync(configFile, renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), values));
  const child = spawnManaged('nginx', NGINX_BIN, [
    '-p',
    options.dir,
    '-c',
    configFile,
    '-e',
    path.join(logDir, 'error.log'),
    '-g',
    'daemon off;',
  ]);
  const url = `http://127.0.0.1:${options.port}`;
  const read = (file: string) => {
    try {
      return readFileSync(path.join(logDir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (!child.running)
      throw new Error(`nginx exited at start:\n${child.output()}\n${read('error.log').slice(-2000)}`);
    try {
      // Any answer (a 502 before the instances are up) means nginx listens.
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 15 s:\n${read('error.log')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    configFile,
    accessLog: () => read('access.log'),
    errorLog: () => read('error.log'),
    process: child,
    stop: () => child.stop(5000),
  };
}
