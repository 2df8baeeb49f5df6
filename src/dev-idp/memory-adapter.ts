import { LRUCache } from 'lru-cache';
import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Where the dev provider keeps its sessions, interactions, codes and grants: this process's memory,
 * bounded. A restart signs people out of the dev provider (not out of the app). A real provider
 * keeps these in a database; this one is for development only.
 */
const stores = new Map<string, LRUCache<string, AdapterPayload>>();
const MAX_PER_MODEL = 100_000;

export class MemoryAdapter implements Adapter {
  private readonly store: LRUCache<string, AdapterPayload>;

  constructor(readonly name: string) {
    let store = stores.get(name);
    if (!store) {
      store = new LRUCache({ max: MAX_PER_MODEL });
      stores.set(name, store);
    }
    this.store = store;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.store.set(id, payload, { ttl: Math.max(1, expiresIn) * 1000 });
    if (payload.uid) uidIndex.set(`${this.name}:${payload.uid}`, id, { ttl: Math.max(1, expiresIn) * 1000 });
    if (payload.grantId) {
      const ids = grantIndex.get(payload.grantId) ?? [];
      ids.push(`${this.name}:${id}`);
      grantIndex.set(payload.grantId, ids);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = uidIndex.get(`${this.name}:${uid}`);
    return id === undefined ? undefined : this.store.get(id);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined; // the device flow is not enabled
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grantIndex.get(grantId) ?? []) {
      const [model, ...rest] = key.split(':');
      stores.get(model!)?.delete(rest.join(':'));
    }
    grantIndex.delete(grantId);
  }
}

const uidIndex = new LRUCache<string, string>({ max: MAX_PER_MODEL });
const grantIndex = new LRUCache<string, string[]>({ max: MAX_PER_MODEL });
