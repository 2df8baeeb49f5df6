/**
 * Preloaded into a process whose memory a test judges (NODE_OPTIONS="--expose-gc --require <this
 * file>"; test/hardening/load.test.ts). On SIGUSR2 it waits until the process is idle, then
 * collects every bit of garbage (full, synchronous collections) and prints what is left alive,
 * on one line:
 * `memory after gc {"heapUsed":…,"external":…,"arrayBuffers":…,"rss":…}` (bytes). The process
 * itself is not changed otherwise.
 *
 * Why wait: when a load generator stops, the process still has up to two hundred sockets closing
 * (its callers' and its own to Box), each with its buffers, parser and timers, and the requests
 * in flight on them. Taken then, live memory was 3 to 8 % higher than a few seconds later, more
 * on a busier machine, and a minute's growth measured that way was noise, not a leak. With no
 * connection left and the log written out, what remains is what the process keeps. (It suits a
 * process that nothing keeps busy for good: a Redis client's connection or an interval would
 * keep it from ever answering, and the test fails saying the probe did not answer.)
 */

/**
 * Idle: nothing keeps the process alive but its listeners and its standard streams. No socket
 * open or closing, no request in flight, no write of the log under way or waiting to be retried
 * (the log goes out asynchronously and retries a full pipe on a timer), no timer of a request.
 */
const IDLE = new Set(['TCPServerWrap', 'PipeWrap', 'TTYWrap']);

function idle() {
  return process.getActiveResourcesInfo().every((resource) => IDLE.has(resource));
}

function report() {
  // Twice: what the first finds dead may keep more alive until it is gone (weak references).
  global.gc();
  global.gc();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  process.stdout.write(`memory after gc ${JSON.stringify({ heapUsed, external, arrayBuffers, rss })}\n`);
}

process.on('SIGUSR2', () => {
  const whenQuiet = () => (idle() ? report() : setTimeout(whenQuiet, 10).unref());
  whenQuiet();
});
