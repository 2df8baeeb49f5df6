import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Values sealed with AES-256-GCM before they go to Redis, when TOKEN_ENCRYPTION_KEY is set: a
 * dump of Redis alone then holds no usable token. Several keys allow rotation: the first seals,
 * every one opens (GCM's tag tells which fits). Without a key, values are plain JSON.
 *
 * Every value is bound to the Redis key it is written under (`boundTo`): with a key, that Redis
 * key is GCM's additional authenticated data; without one, it is written beside the value and
 * compared. A value moved to another key (one person's session under another session id, a
 * token under another person's key) then opens as nothing there: someone who can write to Redis
 * but does not hold TOKEN_ENCRYPTION_KEY cannot swap one session or token for another.
 *
 * Values written before this binding (`v1.`, or bare JSON) open as nothing too: a cache miss, or a
 * session that has ended. The caches refill, and people sign in again.
 */
export class Sealer {
  private readonly keys: Buffer[];

  constructor(keys: Buffer[] = []) {
    for (const key of keys) if (key.length !== 32) throw new Error('an AES-256 key is 32 bytes');
    this.keys = keys;
  }

  get encrypts(): boolean {
    return this.keys.length > 0;
  }

  /** `value` as text for the Redis key `boundTo`, and for no other. */
  seal(value: unknown, boundTo: string): string {
    const key = this.keys[0];
    if (!key) return PLAIN + JSON.stringify({ key: boundTo, value });
    const json = JSON.stringify(value);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return `${SEALED}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /**
   * The value sealed for the Redis key `boundTo`; undefined when it was sealed for another key,
   * with a key since removed, by an earlier version, or is not a sealed value at all. Never throws:
   * whatever is in Redis, the caller sees a value or nothing.
   */
  open<T>(text: string, boundTo: string): T | undefined {
    if (this.encrypts) return text.startsWith(SEALED) ? this.decrypt<T>(text, boundTo) : undefined;
    if (!text.startsWith(PLAIN)) return undefined;
    try {
      const { key, value } = JSON.parse(text.slice(PLAIN.length)) as { key?: unknown; value?: T };
      return key === boundTo ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private decrypt<T>(text: string, boundTo: string): T | undefined {
    const [iv, tag, body, ...rest] = text.slice(SEALED.length).split('.');
    if (iv === undefined || tag === undefined || body === undefined || rest.length > 0) return undefined;
    for (const key of this.keys) {
      try {
        // The full 16-byte tag, always: a truncated one would be easier to forge.
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: 16,
        });
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const json = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
        return JSON.parse(json.toString('utf8')) as T;
      } catch {
        // Not this key (or not this Redis key: the tag covers it).
      }
    }
    return undefined;
  }
}

/**
 * The formats' prefixes. `v2`: bound to its Redis key (v1, before the binding, is no longer read);
 * `p2`: plain JSON with its Redis key beside it (bare JSON, before, is no longer read either).
 */
const SEALED = 'v2.';
const PLAIN = 'p2.';
