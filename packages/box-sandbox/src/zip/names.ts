import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Item } from '../store/items';

/** Box's `name_conflicts` entry: an item renamed in the archive, and its two names. */
export interface NameConflict {
  id: string;
  type: Item['type'];
  original_name: string;
  download_name: string;
}

/**
 * The name each item asked for gets at the top of the archive. Items of the same name (from
 * different folders; Box compares names ignoring case) would clash, so, as Box does, every one of
 * them is renamed, to random hex keeping a file's extension (`Report.pdf` → `3aa6a7.pdf`), and
 * each clash is reported as one list of those items.
 */
export function archiveNames(items: readonly Item[]): { names: string[]; conflicts: NameConflict[][] } {
  const byName = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = item.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), index]);
  });
  const taken = new Set(byName.keys());
  const names = items.map((item) => item.name);
  const conflicts: NameConflict[][] = [];
  for (const indexes of byName.values()) {
    if (indexes.length < 2) continue;
    conflicts.push(
      indexes.map((index) => {
        const item = items[index]!;
        names[index] = freshName(item, taken);
        return {
          id: String(item.id),
          type: item.type,
          original_name: item.name,
          download_name: names[index],
        };
      }),
    );
  }
  return { names, conflicts };
}

function freshName(item: Item, taken: Set<string>): string {
  const extension = item.type === 'file' ? path.extname(item.name) : '';
  for (;;) {
    const name = `${randomBytes(3).toString('hex')}${extension}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}
