import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../harness/serve-parent';
import { TOKEN_LIKE_ANSWER } from './payload';

/**
 * Child entry: a bare `node:http` server answering the token-like JSON (serialized per request,
 * as Express does): the physical floor of this machine for that answer.
 */
async function main(): Promise<void> {
  const server = http.createServer((_req, res) => {
    const body = JSON.stringify(TOKEN_LIKE_ANSWER);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent(
    { url: `http://127.0.0.1:${port}/json` },
    {},
    () => new Promise<void>((r) => server.close(() => r())),
  );
}

main().catch((err: unknown) => {
  console.error('bare node:http failed:', err);
  process.exit(1);
});
