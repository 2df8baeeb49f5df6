import http from 'node:http';
import { ELEMENTS_VERSION } from '../../src/web/assets';
import { startAppWithSandbox, type AppChild } from './stack';

/** The bundles the Explorer page loads, under the app's versioned, immutable path. */
export const EXPLORER_BUNDLES = ['explorer.js', 'explorer.css'];

export type BundleState =
  /** Sent from the precompressed files (brotli, with a Content-Length): the intended setup. */
  | { kind: 'precompressed' }
  /** Answered with an error once precompressed: the page cannot work (a bug in the app). */
  | { kind: 'broken'; detail: string };

export interface ExplorerApp {
  app: AppChild;
  bundles: BundleState;
  /** How the measured app serves the bundles, for RESULTS.md. */
  serving: string;
}

/**
 * The app as it runs in production (sandbox mode, precompression on), once the Explorer's bundles
 * are served precompressed. If they are not (the app answers them with an error), that is
 * recorded and the page is measured on a second app with precompression off, where the
 * compression middleware compresses the bundles on the fly: the setup the page still works in.
 */
export async function startExplorerApp(): Promise<ExplorerApp> {
  const app = await startAppWithSandbox({ precompressAssets: true });
  const bundles = await waitForPrecompressedBundles(app.info.url);
  if (bundles.kind === 'precompressed')
    return { app, bundles, serving: 'precompressed bundles (brotli 11), as in production' };
  await app.stop();
  return {
    app: await startAppWithSandbox({ precompressAssets: false }),
    bundles,
    serving:
      'bundles compressed on the fly by the compression middleware (brotli 4), because the ' +
      `precompressed ones fail (${bundles.detail})`,
  };
}

/**
 * Precompression runs in the background after start-up; until a bundle is ready the compression
 * middleware covers, answering chunked (no Content-Length). Poll until every Explorer bundle is
 * answered from its precompressed file, or with an error.
 */
async function waitForPrecompressedBundles(appUrl: string, timeoutMs = 180_000): Promise<BundleState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await Promise.all(
      EXPLORER_BUNDLES.map((file) => head(`${appUrl}/assets/box-ui-elements/${ELEMENTS_VERSION}/${file}`)),
    );
    const failure = answers.find((a) => a.status >= 400);
    if (failure)
      return {
        kind: 'broken',
        detail: `${failure.file} answers ${failure.status}, Content-Encoding: ${failure.encoding || 'none'}`,
      };
    if (answers.every((a) => a.status === 200 && a.encoding === 'br' && a.length !== undefined))
      return { kind: 'precompressed' };
    if (Date.now() > deadline) throw new Error('the UI Elements bundles were not precompressed in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A GET as a browser sends it (brotli accepted); the body is drained, not decoded. */
function head(url: string): Promise<{ file: string; status: number; encoding: string; length?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            file: url.split('/').pop()!,
            status: res.statusCode ?? 0,
            encoding: String(res.headers['content-encoding'] ?? ''),
            length: res.headers['content-length'],
          }),
        );
      })
      .on('error', reject);
  });
}
