import { readFileSync, writeFileSync } from 'node:fs';

const MB = 1024 * 1024;

/** Resident set size and its high-water mark of a process, in bytes, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Reset the kernel's high-water mark (VmHWM) to the current RSS; false where not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface RssGrowth {
  baselineMb: number;
  peakMb: number;
  growthMb: number;
  /** How the peak was found: the kernel's own high-water mark, or our sampling. */
  method: 'VmHWM' | 'sampling';
}

/**
 * Peak RSS growth of each process in `pids` while `work` runs, over a baseline taken just before
 * it (the caller warms the processes up and collects garbage first, so the baseline is low and the
 * growth a conservative figure). The kernel tracks the peak exactly (VmHWM, reset at the
 * baseline); we also sample every 10 ms, as a fallback where that reset is not allowed.
 */
export async function rssGrowthDuring(pids: number[], work: () => Promise<void>): Promise<RssGrowth[]> {
  const exact = pids.map(resetPeak);
  const baseline = pids.map((pid) => memoryOf(pid).rss);
  const sampled = [...baseline];
  const sampler = setInterval(() => {
    pids.forEach((pid, i) => (sampled[i] = Math.max(sampled[i]!, memoryOf(pid).rss)));
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return pids.map((pid, i) => {
    const now = memoryOf(pid);
    const peak = Math.max(exact[i] ? now.peak : now.rss, sampled[i]!);
    return {
      baselineMb: baseline[i]! / MB,
      peakMb: peak / MB,
      growthMb: (peak - baseline[i]!) / MB,
      method: exact[i] ? 'VmHWM' : 'sampling',
    };
  });
}

/** Child side: a full collection (needs --expose-gc, which spawnChild passes). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
}
