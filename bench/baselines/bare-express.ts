import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveParent } from '../harness/serve-parent';
import { TOKEN_LIKE_ANSWER } from './payload';

/**
 * Child entry: a bare Express 5 app with one route answering the token-like JSON, and nothing
 * else: what Express itself costs, for the app's figures to be divided by.
 */
async function main(): Promise<void> {
  const app = express();
  app.get('/json', (_req, res) => {
    res.json(TOKEN_LIKE_ANSWER);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent(
    { url: `http://127.0.0.1:${port}/json` },
    {},
    () => new Promise<void>((r) => server.close(() => r())),
  );
}

main().catch((err: unknown) => {
  console.error('bare express failed:', err);
  process.exit(1);
});
