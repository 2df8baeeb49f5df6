import { BoxRetryStrategy, type FetchOptions, type FetchResponse } from 'box-node-sdk/networking';

/**
 * The SDK's retry strategy (5xx, 429 and network errors, with exponential back-off, and a token
 * refresh on 401), with two fixes:
 * - it honours `Retry-After`: the SDK looks up `Retry-After`, but node-fetch lower-cases header
 *   names, so Box's own wait was never read and a 429 was retried too early;
 * - it stops once the caller gave up (its cancellation signal aborted).
 */
export interface RetryPolicyOptions {
  maxAttempts?: number;
  baseIntervalSeconds?: number;
  maxRetriesOnException?: number;
  /** Told the status of every response from Box (0 when none came), for metrics. */
  onResponse?: (status: number) => void;
}

export class RetryPolicy extends BoxRetryStrategy {
  private readonly onResponse: (status: number) => void;

  constructor(options: RetryPolicyOptions = {}) {
    super({
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseInterval: options.baseIntervalSeconds ?? 0.25,
      maxRetriesOnException: options.maxRetriesOnException ?? 2,
    });
    this.onResponse = options.onResponse ?? (() => undefined);
  }

  override async shouldRetry(
    options: FetchOptions,
    response: FetchResponse,
    attempt: number,
  ): Promise<boolean> {
    this.onResponse(response.status);
    if (isAborted(options.cancellationToken)) return false;
    return super.shouldRetry(options, response, attempt);
  }

  override retryAfter(options: FetchOptions, response: FetchResponse, attempt: number): number {
    const waitSeconds = retryAfterSeconds(response.headers);
    if (waitSeconds !== undefined) return waitSeconds;
    return super.retryAfter(options, { ...response, headers: {} }, attempt);
  }
}

/** `Retry-After` in seconds, from a delay or an HTTP date, whatever the header name's case. */
export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after');
  if (!entry) return undefined;
  const value = entry[1].trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function isAborted(signal: unknown): boolean {
  return typeof signal === 'object' && signal !== null && (signal as { aborted?: unknown }).aborted === true;
}
