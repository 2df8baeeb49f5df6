/**
 * Preloaded into a process whose memory a test judges (NODE_OPTIONS="--expose-gc --require <this
 * file>"; test/hardening/load.test.ts). On SIGUSR2 it collects every bit of garbage (full,
 * synchronous collections) and prints what is left alive, on one line:
 * `memory after gc {"heapUsed":…,"external":…,"arrayBuffers":…,"rss":…}` (bytes). The process
 * itself is not changed otherwise.
 */
process.on('SIGUSR2', () => {
  // Twice: what the first finds dead may keep more alive until it is gone (weak references).
  global.gc();
  global.gc();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  process.stdout.write(`memory after gc ${JSON.stringify({ heapUsed, external, arrayBuffers, rss })}\n`);
});
