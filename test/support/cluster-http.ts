import http from 'node:http';

/** What a request through the cluster answered, and when. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body as it came (compressed, if it was). */
  bytes: Buffer;
}

/**
 * A request straight to one instance, with the Host header a browser sends to PUBLIC_URL (the
 * instances answer only for that host, as behind nginx). fetch cannot set Host; node:http can.
 * A new connection each time (no agent): nothing is left open on an instance about to be killed.
 */
export function hostRequest(
  baseUrl: string,
  path: string,
  options: {
    host: string;
    cookie?: string;
    method?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          Host: options.host,
          Accept: 'application/json',
          ...(options.cookie ? { Cookie: options.cookie } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${path}: no answer within ${options.timeoutMs ?? 15_000} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}

/** One request of a load run. */
export interface Sample {
  /** Which kind of request (the load's own label: `token`, `page`, `healthz`, ...). */
  kind: string;
  /** ms since the load started. */
  start: number;
  end: number;
  /** 0 when no answer came (connection refused or reset, timed out). */
  status: number;
  error?: string;
  retryAfter?: string;
  contentType?: string;
  /** The error code of a JSON error, or the page's <title> of an HTML one. */
  said?: string;
}

export interface LoadRun {
  samples: Sample[];
  /** When the load started (epoch ms): sample times are relative to it. */
  startedAt: number;
  /** ms since the load started, now. */
  now(): number;
  /** Stop sending and resolve once every request in flight has its answer. */
  stop(): Promise<Sample[]>;
}

export interface LoadRequest {
  kind: string;
  url: string;
  headers?: Record<string, string>;
}

/**
 * `concurrency` clients, each sending the next request as soon as the last one answered, until
 * stopped; every request's start, end, status and what it said recorded. `next(i)` says what the
 * i-th request is. An answer that takes longer than `timeoutMs` counts as none (status 0).
 */
export function startLoad(options: {
  concurrency: number;
  next: (i: number) => LoadRequest;
  timeoutMs?: number;
}): LoadRun {
  const startedAt = Date.now();
  const now = () => Date.now() - startedAt;
  const samples: Sample[] = [];
  let stopped = false;
  let count = 0;
  const client = async () => {
    while (!stopped) {
      const request = options.next(count++);
      const start = now();
      const sample: Sample = { kind: request.kind, start, end: start, status: 0 };
      try {
        const res = await fetch(request.url, {
          headers: request.headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
        const body = await res.text();
        sample.status = res.status;
        sample.retryAfter = res.headers.get('retry-after') ?? undefined;
        sample.contentType = res.headers.get('content-type') ?? undefined;
        sample.said = whatItSaid(body, sample.contentType);
      } catch (err) {
        sample.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      sample.end = now();
      samples.push(sample);
    }
  };
  const clients = Array.from({ length: options.concurrency }, () => client());
  return {
    samples,
    startedAt,
    now,
    stop: async () => {
      stopped = true;
      await Promise.all(clients);
      return samples;
    },
  };
}

function whatItSaid(body: string, contentType: string | undefined): string | undefined {
  if (contentType?.includes('json')) {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: string }; status?: string };
      return parsed.error?.code ?? parsed.status;
    } catch {
      return undefined;
    }
  }
  return /<title>([^<]*)<\/title>/.exec(body)?.[1]?.trim();
}

/** Counts of samples by `kind status`, for failure messages a person can read. */
export function tally(samples: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) {
    const key = `${s.kind} ${s.status}${s.error ? ` (${s.error.slice(0, 60)})` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
