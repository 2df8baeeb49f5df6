import type { Subject } from '../../src/box/subject';
import type { Granted, TokenEndpoint } from '../../src/box/tokens/token-endpoint';
import type { TokenStore } from '../../src/box/tokens/token-store';

/** A clock that moves only when told: `now()` in epoch ms. */
export class FakeClock {
  constructor(private ms = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/**
 * Box's token endpoint, faked: numbered tokens (`jwt-1`, `down-1`, ...) with the lifetimes it is
 * told, every request recorded. `hold()` makes it keep its answers until `release()`, so a test
 * can pile callers onto one request in flight; `failNext()` makes the next request fail.
 */
export class FakeEndpoint implements TokenEndpoint {
  readonly grants: Subject[] = [];
  readonly exchanges: { subjectToken: string; scopes: readonly string[]; resource?: string }[] = [];
  readonly revoked: string[] = [];
  jwtLifetime = 3600;
  downscopedLifetime = 3600;
  private holding = false;
  /** Requests received and not answered yet, while it holds its answers. */
  private readonly pending: (() => void)[] = [];
  private failure: Error | undefined;

  hold(): void {
    this.holding = true;
  }

  /** Answer every held request (and stop holding). */
  release(): void {
    this.holding = false;
    for (const answer of this.pending.splice(0)) answer();
  }

  failNext(error = new Error('Box said no')): void {
    this.failure = error;
  }

  async jwtGrant(subject: Subject): Promise<Granted> {
    const n = this.grants.push(subject);
    await this.answer();
    return { accessToken: `jwt-${n}`, expiresIn: this.jwtLifetime };
  }

  async downscope(
    subjectToken: string,
    scopes: readonly string[],
    on: { resource?: string } = {},
  ): Promise<Granted> {
    const n = this.exchanges.push({ subjectToken, scopes, resource: on.resource });
    await this.answer();
    return { accessToken: `down-${n}`, expiresIn: this.downscopedLifetime };
  }

  async revoke(accessToken: string): Promise<void> {
    this.revoked.push(accessToken);
  }

  private async answer(): Promise<void> {
    const failure = this.failure;
    this.failure = undefined;
    if (this.holding) await new Promise<void>((resolve) => this.pending.push(resolve));
    if (failure) throw failure;
  }
}

/**
 * A token store that keeps whatever it is given for as long as it likes: it never expires an
 * entry. The token machinery must not trust a store's TTL alone (a Redis copy, a clock skew).
 */
export class ForgetfulOfTtlStore<T extends object> implements TokenStore<T> {
  readonly entries = new Map<string, T>();
  async get(key: string): Promise<T | undefined> {
    return this.entries.get(key);
  }
  async set(key: string, value: T, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) this.entries.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
  async clear(): Promise<void> {
    this.entries.clear();
  }
  async size(): Promise<number> {
    return this.entries.size;
  }
}

/** Let every promise that can settle, settle. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
