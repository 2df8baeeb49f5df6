import path from 'node:path';

/** A file name's extension, lower-cased and without its dot: `Report.PDF` → `pdf`; none → ''. */
export function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}
