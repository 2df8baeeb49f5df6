import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { withDeadline } from '../../box/box-api-errors';
import type { Clock } from '../../box/tokens/token-store';
import type { AppDeps } from '../deps';
import { rateLimit } from '../security';
import { sendJson } from '../send-json';

/**
 * How long `/readyz` reuses its last answer. Short, so that an outage shows within a probe period
 * and the end of one too (the cluster tests ask 3 s after Redis dies); long enough that a flood of
 * calls costs one check, not one Redis PING and one JWT grant each.
 */
export const READINESS_CACHE_MS = 2000;

/** `GET /healthz`: the process is up and serving. */
export function healthz(_req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  sendJson(res, { status: 'ok' });
}

/**
 * `GET /readyz`: the shared state answers and a token can be had from Box, so pages will work. The
 * route is public (probes come from the orchestrator's and load balancers' addresses) and a cold or
 * failing service token means a JWT grant per check: so calls under way at once share one check,
 * and its answer is reused for READINESS_CACHE_MS (see Readiness).
 */
export function readyz(deps: Pick<AppDeps, 'state' | 'box' | 'readinessCacheMs'>) {
  const readiness = new Readiness(
    () => withDeadline(3000, () => Promise.all([deps.state.ready(), deps.box.ready()])),
    deps.readinessCacheMs ?? READINESS_CACHE_MS,
  );
  return async (_req: Request, res: Response): Promise<void> => {
    res.set('Cache-Control', 'no-store');
    if (await readiness.ready()) res.json({ status: 'ready' });
    else res.status(503).set('Retry-After', '5').json({ status: 'unavailable' });
  };
}

/**
 * READYZ_RATE_LIMIT calls per client per minute, then 429 with Retry-After. Counted by each
 * instance in its own memory, not in Redis as the other limits are: a probe asks one instance
 * about itself, and an orchestrator or load balancer probes every instance from one address, so
 * one budget across instances would refuse it as instances are added; and the answer must not
 * depend on Redis, which it reports on.
 */
export function readyzRateLimit(perMinute: number): RequestHandler {
  return rateLimit(
    new RateLimiterMemory({ keyPrefix: 'readyz', points: perMinute, duration: 60 }),
    'readiness probes',
  );
}

/**
 * A readiness check run at most once at a time (callers while it runs share its answer) and at
 * most once per `cacheMs` (its answer, ready or not, is reused until then).
 */
export class Readiness {
  private answer?: { ready: boolean; at: number };
  private running?: Promise<boolean>;

  constructor(
    private readonly check: () => Promise<unknown>,
    private readonly cacheMs: number,
    private readonly now: Clock = Date.now,
  ) {}

  ready(): Promise<boolean> {
    if (this.answer && this.now() - this.answer.at < this.cacheMs) return Promise.resolve(this.answer.ready);
    this.running ??= this.check().then(
      () => this.settle(true),
      () => this.settle(false),
    );
    return this.running;
  }

  private settle(ready: boolean): boolean {
    this.answer = { ready, at: this.now() };
    this.running = undefined;
    return ready;
  }
}
