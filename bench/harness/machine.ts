import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the figures were measured on: they mean nothing without it. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  /** Device and filesystem of the temp dir, where the sandbox data and dd's file live. */
  disk: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${osName()}, ${os.type()} ${os.release()} ${os.arch()}`,
    disk: diskOf(os.tmpdir()),
  };
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? os.platform();
  } catch {
    return os.platform();
  }
}

function diskOf(dir: string): string {
  try {
    const out = execFileSync('findmnt', ['-n', '-o', 'SOURCE,FSTYPE', '-T', dir], { encoding: 'utf8' });
    return `${out.trim().split(/\s+/).join(' (')}) at ${dir}`;
  } catch {
    return dir;
  }
}
