type Listener = (...args: unknown[]) => void;
type Wrapped = Listener & { listener?: Listener };

/** Node's EventEmitter surface, as Box.Preview and its viewers offer it to Content Preview. */
export class Emitter {
  private readonly listenersByName = new Map<string, Wrapped[]>();

  addListener(name: string, listener: Listener): this {
    if (typeof listener !== 'function') return this;
    const list = this.listenersByName.get(name) ?? [];
    list.push(listener);
    this.listenersByName.set(name, list);
    return this;
  }

  on(name: string, listener: Listener): this {
    return this.addListener(name, listener);
  }

  once(name: string, listener: Listener): this {
    if (typeof listener !== 'function') return this;
    const wrapper: Wrapped = (...args) => {
      this.removeListener(name, wrapper);
      listener.apply(this, args);
    };
    wrapper.listener = listener;
    return this.addListener(name, wrapper);
  }

  removeListener(name: string, listener: Listener): this {
    const list = this.listenersByName.get(name);
    if (!list) return this;
    const index = list.findIndex((fn) => fn === listener || fn.listener === listener);
    if (index !== -1) list.splice(index, 1);
    if (!list.length) this.listenersByName.delete(name);
    return this;
  }

  off(name: string, listener: Listener): this {
    return this.removeListener(name, listener);
  }

  removeAllListeners(name?: string): this {
    if (name === undefined) this.listenersByName.clear();
    else this.listenersByName.delete(name);
    return this;
  }

  listeners(name: string): Listener[] {
    return (this.listenersByName.get(name) ?? []).map((fn) => fn.listener ?? fn);
  }

  listenerCount(name: string): number {
    return this.listenersByName.get(name)?.length ?? 0;
  }

  emit(name: string, ...args: unknown[]): boolean {
    const list = this.listenersByName.get(name);
    if (!list?.length) return false;
    for (const listener of list.slice()) {
      try {
        listener.apply(this, args);
      } catch (err) {
        // A broken listener must not break the preview: rethrow it on its own, later.
        setTimeout(() => {
          throw err;
        }, 0);
      }
    }
    return true;
  }
}
