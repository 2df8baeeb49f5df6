/**
 * The child's side of the harness protocol (child.ts is the parent's): kept apart so that a
 * child's bundle holds this and nothing of the parent's (esbuild, the compiler).
 */
/** The methods a child offers: each takes JSON-serializable arguments and returns a JSON value. */
export type Api<A> = { [K in keyof A]: (...args: never[]) => unknown };

export interface CallMessage {
  id: number;
  method: string;
  args: unknown[];
}

export interface ReplyMessage {
  id: number;
  result?: unknown;
  error?: string;
}

export interface ReadyMessage<I> {
  ready: I;
}

/**
 * The child's side: announce readiness with `info`, answer calls with `handlers`, close with
 * `close` when asked to stop, and exit if the parent goes away (never outlive the run).
 */
export function serveParent<A extends Api<A>, I>(info: I, handlers: A, close: () => Promise<void>): void {
  const send = (message: ReplyMessage | ReadyMessage<I>) => process.send?.(message);
  let closing = false;
  const shutDown = (code: number) => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(code),
      () => process.exit(1),
    );
  };
  process.on('disconnect', () => shutDown(1));
  process.on('SIGTERM', () => shutDown(0));
  process.on('message', (message: CallMessage) => {
    if (message.method === '__stop') return shutDown(0);
    const handler: unknown = Reflect.get(handlers, message.method);
    Promise.resolve()
      .then(() => {
        if (typeof handler !== 'function') throw new Error(`no such method: ${message.method}`);
        return (handler as (...args: unknown[]) => unknown)(...message.args);
      })
      .then(
        (result) => send({ id: message.id, result }),
        (err: unknown) => send({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
      );
  });
  send({ ready: info });
}
