import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Values sealed with AES-256-GCM before they go to Redis, when TOKEN_ENCRYPTION_KEY is set: a
 * dump of Redis alone then holds no usable token. Several keys allow rotation: the first seals,
 * every one opens (GCM's tag tells which fits). Without a key, values are plain JSON.
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

  seal(value: unknown): string {
    const json = JSON.stringify(value);
    const key = this.keys[0];
    if (!key) return json;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The value, or undefined when no key opens it (sealed with a key since removed). */
  open<T>(text: string): T | undefined {
    if (!text.startsWith('v1.')) return this.encrypts ? undefined : (JSON.parse(text) as T);
    const [, iv, tag, body] = text.split('.');
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
        const json = Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]);
        return JSON.parse(json.toString('utf8')) as T;
      } catch {
        // not this key
      }
    }
    return undefined;
  }
}
