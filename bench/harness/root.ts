import path from 'node:path';

/**
 * The repository's root: two levels up from here, and from .cache/bench/ where child entries are
 * bundled (compile.ts), so both the bench process and its children agree.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
