/**
 * Builds the sandbox's preview library (src/preview/) into dist/preview-bundle/:
 * `preview.js` (one minified IIFE, markdown-it and papaparse inside) and `preview.css`, each also
 * precompressed (`.br`, `.gz`), and `manifest.json` naming the bundle's content hash. The sandbox
 * serves these (src/preview-assets.ts); the hash is the "version" that is cached forever.
 *
 * Part of `npm run build`, or `buildPreview(dir)` from a test.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants as zlib, brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  DEFAULT_PREVIEW_DIR,
  PREVIEW_FILES,
  PREVIEW_MANIFEST,
  type PreviewManifest,
} from '../src/preview-manifest';

const ROOT = path.resolve(__dirname, '..');
export const PREVIEW_SOURCE = path.join(ROOT, 'src', 'preview', 'index.ts');
export const PREVIEW_OUT_DIR = DEFAULT_PREVIEW_DIR;

export async function buildPreview(outDir: string = PREVIEW_OUT_DIR): Promise<PreviewManifest> {
  const result = await build({
    entryPoints: { preview: PREVIEW_SOURCE },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    // What Content Preview's own browsers run; nothing newer is used.
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: outDir,
    write: false,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const outputs = new Map(result.outputFiles.map((file) => [path.basename(file.path), file.contents]));
  const hash = createHash('sha256');
  for (const name of PREVIEW_FILES) {
    const contents = outputs.get(name);
    if (!contents) throw new Error(`esbuild made no ${name}`);
    hash.update(name).update(contents);
  }
  const manifest: PreviewManifest = {
    version: hash.digest('hex').slice(0, 16),
    files: Object.fromEntries(PREVIEW_FILES.map((name) => [name, { bytes: outputs.get(name)!.byteLength }])),
  };

  mkdirSync(outDir, { recursive: true });
  for (const name of PREVIEW_FILES) {
    const contents = outputs.get(name)!;
    writeAtomically(path.join(outDir, name), contents);
    writeAtomically(path.join(outDir, `${name}.gz`), gzipSync(contents, { level: 9 }));
    writeAtomically(
      path.join(outDir, `${name}.br`),
      brotliCompressSync(contents, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
      }),
    );
  }
  // Last: a manifest present means the files it describes are complete.
  writeAtomically(path.join(outDir, PREVIEW_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function writeAtomically(file: string, contents: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

if (require.main === module) {
  buildPreview().then(
    (manifest) => {
      const sizes = Object.entries(manifest.files).map(([name, file]) => `${name} ${file.bytes} bytes`);
      console.log(
        `preview library ${manifest.version}: ${sizes.join(', ')} → ${path.relative(ROOT, PREVIEW_OUT_DIR)}/`,
      );
    },
    (err: unknown) => {
      console.error(`preview library build failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
