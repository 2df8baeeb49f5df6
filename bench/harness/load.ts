import autocannon from 'autocannon';

export interface LoadResult {
  /** Successful (2xx) responses per second over the whole run. */
  requestsPerSecond: number;
  ok: number;
  /** How long the run took, in seconds. */
  seconds: number;
  /** Anything not 2xx, plus connection errors and timeouts: a run with failures is no figure. */
  failed: number;
  statusCodes: Record<string, number>;
  /** Every response's latency in ms (sub-millisecond, unlike autocannon's histogram). */
  latenciesMs: number[];
}

/** One autocannon run, as a promise, with the per-response latencies kept. */
export function load(options: autocannon.Options): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      const statusCodes = Object.fromEntries(
        Object.entries(result.statusCodeStats as Record<string, { count: number }>).map(([code, s]) => [
          code,
          s.count,
        ]),
      );
      resolve({
        requestsPerSecond: result['2xx'] / result.duration,
        ok: result['2xx'],
        seconds: result.duration,
        failed: result.non2xx + result.errors + result.timeouts,
        statusCodes,
        latenciesMs,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latenciesMs.push(responseTime));
  });
}

/** Throw unless every response was a 2xx: a rate measured over errors measures nothing. */
export function assertAllOk(what: string, result: LoadResult): void {
  if (result.failed > 0)
    throw new Error(`${what}: ${result.failed} failed responses (${JSON.stringify(result.statusCodes)})`);
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
