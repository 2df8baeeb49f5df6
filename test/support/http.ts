/** Small helpers for talking to the sandbox directly in tests. */
export interface SandboxStats {
  grants: Record<string, number>;
  requests: Record<string, number>;
}

export async function sandboxStats(sandboxUrl: string): Promise<SandboxStats> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats`);
  return (await res.json()) as SandboxStats;
}

export async function resetSandboxStats(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/stats/reset`, { method: 'POST' });
}

export async function injectFault(sandboxUrl: string, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (res.status !== 201) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

export async function clearFaults(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
}
