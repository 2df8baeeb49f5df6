import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TokenEvents } from '../box/tokens/token-events';

/**
 * Prometheus metrics for one app instance (its own registry, so several can run in one process):
 * requests and latencies by route, token cache hits, misses and grants, Box errors by status,
 * and the process's own figures (memory, event loop lag). Served on a listener of their own
 * (metrics-listener.ts), never on the public port.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly tokenCache = new Counter({
    name: 'token_cache_lookups_total',
    help: 'Downscoped token cache lookups, by result (hit or miss) and element',
    labelNames: ['result', 'element'] as const,
    registers: [this.registry],
  });

  private readonly grants = new Counter({
    name: 'box_token_requests_total',
    help: 'Token requests sent to Box, by kind (jwt grant or downscope exchange)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly boxErrors = new Counter({
    name: 'box_errors_total',
    help: 'Failed responses from Box, by status (0 when Box could not be reached)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  /**
   * `tokenCacheSize`: the downscoped tokens this instance holds in memory (in-process state: the
   * whole cache; with Redis: its local copies of the shared cache, which Redis itself is never
   * asked to count: a scrape must cost Redis nothing).
   */
  constructor(tokenCacheSize: () => Promise<number>) {
    new Gauge({
      name: 'token_cache_entries',
      help: "Downscoped tokens held in this instance's memory (with Redis: its local copies of the shared cache)",
      registers: [this.registry],
      async collect() {
        this.set(await tokenCacheSize());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  // Labelled series, each made once: prom-client would hash the labels on every call.
  private readonly requestCount = once((method, route, status) =>
    this.requests.labels(method, route, status),
  );
  private readonly requestTime = once((method, route) => this.latency.labels(method, route));
  private readonly lookups = once((result, element) => this.tokenCache.labels(result, element));

  /** Count and time one answered request (web/observe.ts calls this for each). */
  record(method: string, route: string, status: number, seconds: number): void {
    this.requestCount(method, route, String(status)).inc();
    this.requestTime(method, route).observe(seconds);
  }

  tokenEvents(): TokenEvents {
    return {
      cacheHit: (element) => this.lookups('hit', element).inc(),
      cacheMiss: (element) => this.lookups('miss', element).inc(),
      grant: (kind) => this.grants.inc({ kind }),
    };
  }

  /** Every response from Box passes here (status 0: no response at all). */
  boxResponse(status: number): void {
    if (status === 0 || status >= 400) this.boxErrors.inc({ status: String(status) });
  }

  /** The text Prometheus scrapes, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** `make`, called once per distinct list of labels and remembered (label sets here are few). */
function once<T>(make: (...labels: string[]) => T): (...labels: string[]) => T {
  const made = new Map<string, T>();
  return (...labels) => {
    const key = labels.join('\u0000');
    let series = made.get(key);
    if (series === undefined) {
      series = make(...labels);
      made.set(key, series);
    }
    return series;
  };
}
