import path from 'node:path';

/**
 * What the preview library's build (scripts/build-preview.ts) leaves in its directory, and what
 * the sandbox reads back (preview-assets.ts): `manifest.json` naming the bundle's content hash,
 * and each file with its `.br` and `.gz` copies.
 */

/** Where the build puts the bundle: the same path from src/ and from dist/. */
export const DEFAULT_PREVIEW_DIR = path.resolve(__dirname, '..', 'dist', 'preview-bundle');
export const PREVIEW_FILES = ['preview.js', 'preview.css'] as const;
export type PreviewFileName = (typeof PREVIEW_FILES)[number];

export const PREVIEW_MANIFEST = 'manifest.json';

export interface PreviewManifest {
  /** A hash of the files' contents: the `previewLibraryVersion` that is cached forever. */
  version: string;
  files: Record<string, { bytes: number }>;
}
