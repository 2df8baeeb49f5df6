/**
 * The sandbox's own endpoints under `/_sandbox` (not Box's API; loopback callers only): counters
 * of grants and requests, and faults to inject.
 */
export interface SandboxStats {
  /** Token grants by kind: `jwt_bearer`, `client_credentials`, `token_exchange`, `revoke`. */
  grants: Record<string, number>;
  /** API requests by method and route, e.g. `GET /2.0/folders/:id`. */
  requests: Record<string, number>;
}

export async function sandboxStats(sandboxUrl: string): Promise<SandboxStats> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats`);
  if (!res.ok) throw new Error(`GET /_sandbox/stats: ${res.status}`);
  return (await res.json()) as SandboxStats;
}

export async function resetSandboxStats(sandboxUrl: string): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats/reset`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`POST /_sandbox/stats/reset: ${res.status}`);
}

/** Make the sandbox fail as Box can (the README's "Injected faults" says what `fault` may hold). */
export async function injectFault(sandboxUrl: string, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (res.status !== 201) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

export async function clearFaults(sandboxUrl: string): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE /_sandbox/faults: ${res.status}`);
}
