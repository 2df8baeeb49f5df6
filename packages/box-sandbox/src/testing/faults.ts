import { z } from 'zod';

/**
 * Injected failures, so the app's behaviour when Box misbehaves can be tested: the next `count`
 * requests matching a method and path fail with a status, or are delayed, or both.
 */
export const faultSchema = z
  .object({
    /** HTTP method to match; omitted matches any. */
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    /** Exact path (`/oauth2/token`), or a prefix ending in `*` (`/2.0/folders/*`, `*` for all). */
    path: z.string().min(1).max(2000),
    /** How many matching requests the fault applies to. */
    count: z.number().int().min(1).max(1_000_000).default(1),
    /** The status to answer instead of handling the request. */
    status: z
      .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
      .optional(),
    /** Seconds for the Retry-After header (429 and 503). */
    retryAfter: z.number().int().min(0).max(3600).optional(),
    /** Delay before answering (or before handling the request normally when no status is given). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** With `drop`, the connection is destroyed without an answer: Box unreachable. */
    drop: z.boolean().optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined || f.drop === true, {
    message: 'a fault needs a status, a delayMs or drop',
  });

export type FaultSpec = z.infer<typeof faultSchema>;

interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
}

export class Faults {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.faults.push({ ...spec, id, remaining: spec.count });
    return id;
  }

  /** The first fault that matches, counted as used; undefined when the request may go through. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && pathMatches(f.path, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  list(): { id: number; remaining: number; spec: FaultSpec }[] {
    return this.faults.map(({ id, remaining, ...spec }) => ({ id, remaining, spec }));
  }

  clear(): void {
    this.faults = [];
  }
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}
