import path from 'node:path';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { rssOf, startBuiltApp, type BuiltApp } from '../support/processes';
import { sdkFor } from '../support/sandbox';
import { tempDir } from '../support/temp-dir';

/**
 * 60 s of mixed traffic (pages, tokens for many preview files, listings) at 100 connections on
 * the built app: no error, memory flat after warm-up, and the token cache bounded.
 */
const PREVIEW_FILES = 300;
const CACHE_SIZE = 100;
const CONNECTIONS = 100;

const dir = tempDir('box-load-');
let app: BuiltApp | undefined;

afterAll(() => {
  app?.process.kill('SIGKILL');
  dir.remove();
});

function run(url: string, requests: autocannon.Request[], seconds: number) {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 });
}

test('mixed traffic: no error, RSS grows < 10 % after warm-up, the token cache stays bounded', async () => {
  app = await startBuiltApp(dir.path, {
    TOKEN_RATE_LIMIT: '100000',
    API_RATE_LIMIT: '100000',
    TOKEN_CACHE_SIZE: String(CACHE_SIZE),
  });
  const { url, folderId } = app;

  // Many files to preview, so that preview tokens outnumber the cache.
  const { client } = sdkFor({
    url: app.sandboxUrl,
    configPath: path.join(dir.path, 'config.json'),
  });
  const fileIds: string[] = [];
  for (let batch = 0; batch < PREVIEW_FILES / 20; batch++) {
    const uploaded = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.uploads.uploadFile({
          attributes: { name: `load-${batch}-${i}.txt`, parent: { id: folderId } },
          file: Readable.from([Buffer.from(`file ${batch}-${i}`)]),
        }),
      ),
    );
    fileIds.push(...uploaded.map((u) => u.entries![0]!.id));
  }

  const requests: autocannon.Request[] = fileIds.flatMap((fileId, i) => [
    { method: 'GET', path: `/api/token/preview?fileId=${fileId}` },
    ...(i % 10 === 0
      ? [
          { method: 'GET' as const, path: ['/', '/explorer', '/preview', '/picker'][(i / 10) % 4]! },
          { method: 'GET' as const, path: '/api/demo-folder/items?limit=100' },
          { method: 'GET' as const, path: '/api/token/explorer' },
          { method: 'GET' as const, path: '/api/demo-folder' },
        ]
      : []),
  ]);

  const warmUp = await run(url, requests, 30);
  expect(warmUp.errors + warmUp.timeouts + warmUp.non2xx).toBe(0);

  // RSS every second. Garbage collection makes it saw up and down by several percent (more when
  // other suites share the CPU and collections come later), while a leak raises the floor the
  // saw returns to: the trend is judged on that floor, the lowest sample of the first ten
  // seconds after warm-up against the lowest of the last ten.
  const pid = app.process.pid!;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    void rssOf(pid).then((rss) => samples.push(rss));
  }, 1000);
  const result = await run(url, requests, 60);
  clearInterval(sampler);

  expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
  });
  expect(result.requests.total).toBeGreaterThan(5_000);
  expect(samples.length).toBeGreaterThan(40);
  const floor = (values: number[]) => Math.min(...values);
  const afterWarmUp = floor(samples.slice(0, 10));
  const atEnd = floor(samples.slice(-10));
  expect((atEnd - afterWarmUp) / afterWarmUp).toBeLessThan(0.1);

  const metrics = await (await fetch(`${url}/metrics`)).text();
  const entries = Number(/^token_cache_entries (\d+)$/m.exec(metrics)![1]);
  expect(entries).toBeLessThanOrEqual(CACHE_SIZE);
  const misses = /^token_cache_lookups_total\{result="miss",element="preview"\} (\d+)$/m.exec(metrics);
  expect(Number(misses![1])).toBeGreaterThan(PREVIEW_FILES); // evicted tokens had to be fetched again
}, 180_000);
