import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {
  clearFaults,
  injectFault,
  sandboxStats,
  type Certificate,
  type SandboxStats,
} from 'box-sandbox/test-kit';
import { startTestApp, type TestApp } from '../../support/app';

/** The real app in sandbox mode (fresh data dir, free ports) with a demo folder of its own. */
export interface E2eApp extends TestApp {
  sandboxUrl: string;
  /** The origins the pages may talk to: the app, the sandbox and (with sign-in) the dev provider. */
  origins: string[];
  /** GET /api/demo-folder/items, first page. */
  items(): Promise<DemoItem[]>;
  /** GET {sandbox}/_sandbox/stats: requests counted by route, e.g. "POST /api/2.0/files/upload_sessions". */
  sandboxStats(): Promise<SandboxStats>;
  /** POST {sandbox}/_sandbox/faults (the sandbox's README: "Injected faults"). */
  injectFault(fault: Record<string, unknown>): Promise<void>;
  /** DELETE {sandbox}/_sandbox/faults. */
  clearFaults(): Promise<void>;
}

export interface DemoItem {
  id: string;
  type: string;
  name: string;
  size: number | null;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** The certificate the app serves, so Node can check it (self-signed). */
  tls?: Certificate;
}

/** One app per test: its own sandbox, its own demo folder name. */
export async function startE2eApp(demoFolderName: string, options: StartOptions = {}): Promise<E2eApp> {
  const app = await startTestApp({
    DEMO_FOLDER_NAME: demoFolderName,
    LOG_LEVEL: 'info',
    ...(options.tls ? { TLS_CERT_FILE: options.tls.certFile, TLS_KEY_FILE: options.tls.keyFile } : {}),
    ...options.env,
  });
  const sandboxUrl = app.sandbox!.url;
  const ca = options.tls?.pem;
  return {
    ...app,
    sandboxUrl,
    origins: [app.url, sandboxUrl, ...(app.devIdp ? [app.devIdp.issuer] : [])],
    items: async () => {
      const page = await requestJson<{ entries: DemoItem[] }>('GET', `${app.url}/api/demo-folder/items`, {
        ca,
      });
      return page.body.entries;
    },
    sandboxStats: () => sandboxStats(sandboxUrl),
    injectFault: (fault) => injectFault(sandboxUrl, fault),
    clearFaults: () => clearFaults(sandboxUrl),
  };
}

/** A small JSON request over http or https (with the test's own CA for a self-signed app). */
export function requestJson<T = unknown>(
  method: string,
  url: string,
  options: { body?: unknown; ca?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method,
        ca: options.ca,
        headers: {
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
          } catch {
            reject(new Error(`${method} ${url}: ${res.statusCode} answered with something not JSON`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A file of random bytes, written in chunks, and its SHA-1. */
export function randomFile(
  dir: string,
  name: string,
  size: number,
): { path: string; size: number; sha1: string } {
  const file = path.join(dir, name);
  const hash = createHash('sha1');
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - written));
      hash.update(chunk);
      writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { path: file, size, sha1: hash.digest('hex') };
}

export const sha1Of = (file: string): string => createHash('sha1').update(readFileSync(file)).digest('hex');

/** The demo files the app seeds its folder with. */
export const DEMO_FILES = path.resolve(__dirname, '..', '..', '..', 'demo-files');
