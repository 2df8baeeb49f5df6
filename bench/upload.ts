import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './harness/cleanup';
import { ddCopy, writeRandomFile } from './harness/disk';
import type { Benchmark } from './harness/report';
import { rssGrowthDuring } from './harness/rss';
import { serviceAccountToken } from './harness/sandbox-api';
import { startSandboxProcess } from './harness/stack';
import { uploadBySession } from './harness/upload-session';

const MiB = 1024 * 1024;
const SIZE = 1024 * MiB;
/** What the sandbox (as Box) asks for a 1 GiB file; checked against the session's answer. */
const PART_SIZE = 8 * MiB;
/** Uploads measured, each between two dd runs. */
const ROUNDS = 3;
/** Content Uploader's parallelism. */
const PARALLEL = 4;
/** Above Box's 20 MB minimum for a session: enough to warm every code path. */
const WARM_UP_SIZE = 3 * PART_SIZE;

/**
 * A 1 GiB chunked upload must stream through the sandbox (bounded memory) at a good fraction
 * of what the disk itself can take.
 */
export const upload: Benchmark = {
  id: 'upload',
  title: 'A 1 GiB upload session into the sandbox',
  method:
    `The sandbox alone in its own process (its RSS is the figure; the client is the bench process). ` +
    `A 1 GiB file of random bytes is written once to a temp dir on the same filesystem as the sandbox's ` +
    `data dir (checked), hashing each 8 MiB part as it goes, and fsynced (no dirty pages left to slow whatever runs next). Disk baseline: \`dd if=<that file> ` +
    `of=<same dir> bs=8M conv=fsync\`, i.e. through the page cache and flushed before dd reports, as ` +
    `the sandbox fsyncs each part before acknowledging it (\`oflag=direct\` would bypass the page cache, ` +
    `which the sandbox does not). The source file is in the page cache for both. Then a real JWT grant ` +
    `through box-node-sdk, a warm-up session of ${WARM_UP_SIZE / MiB} MiB, a full GC in the sandbox, ` +
    `and ${ROUNDS} measured sessions, taking turns with dd (dd, upload, dd, …): create, ${SIZE / PART_SIZE} parts PUT with Content-Range and ` +
    `\`Digest: sha=…\`, ${PARALLEL} in flight (as Content Uploader), each streamed from disk, then the ` +
    `commit with the whole file's digest; timed from create to the commit's 201.`,
  async run() {
    const sandbox = await startSandboxProcess();
    const work = tempDir('bench-upload-');
    try {
      if (statSync(work.path).dev !== statSync(sandbox.dataDir).dev)
        throw new Error('the temp dir and the sandbox data dir are on different filesystems');
      const source = await writeRandomFile(path.join(work.path, 'source.bin'), SIZE, PART_SIZE);
      const warmSource = await writeRandomFile(path.join(work.path, 'warm.bin'), WARM_UP_SIZE, PART_SIZE);

      const ddTarget = path.join(work.path, 'dd.bin');
      const dd = async () => {
        const seconds = await ddCopy(source.path, ddTarget, PART_SIZE);
        rmSync(ddTarget);
        return seconds;
      };

      const token = await serviceAccountToken(sandbox.info);
      const session = { apiUrl: sandbox.info.url, token, folderId: '0', parallel: PARALLEL };
      await uploadBySession({ ...session, source: warmSource, name: 'warm-up.bin' });
      await sandbox.call('gc');

      // The disk of a shared VM changes speed from one minute to the next: dd and the upload take
      // turns (dd, upload, dd, upload, dd), each upload judged against the dd runs either side of
      // it, and the figure is the median of those ratios. One dd run against one upload made the
      // ratio range from 0.44 to 0.74 over runs on the same code.
      const ddSeconds = [await dd()];
      const uploads: { seconds: number; commitSeconds: number }[] = [];
      const [rss] = await rssGrowthDuring([sandbox.pid], async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const started = process.hrtime.bigint();
          const { commitSeconds } = await uploadBySession({
            ...session,
            source,
            name: `one-gibibyte-${round}.bin`,
          });
          uploads.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, commitSeconds });
          ddSeconds.push(await dd());
        }
      });

      const rate = (seconds: number) => SIZE / MiB / seconds;
      const ratios = uploads.map(
        (u, i) => rate(u.seconds) / ((rate(ddSeconds[i]!) + rate(ddSeconds[i + 1]!)) / 2),
      );
      const middle = uploads[uploads.findIndex((_, i) => ratios[i] === medianOf(ratios))]!;
      const uploadSeconds = middle.seconds;
      const commitSeconds = middle.commitSeconds;
      const uploadRate = rate(uploadSeconds);
      const ddRate = rate(medianOf(ddSeconds));
      return [
        {
          name: 'upload_session_rss_growth_mb',
          value: rss!.growthMb,
          digits: 1,
          unit: 'MB',
          goal: { op: '<=', target: 64 },
          about:
            `Peak growth of the sandbox process's RSS (${rss!.method}) during the 1 GiB sessions (and the dd runs between them), ` +
            `over a baseline of ${rss!.baselineMb.toFixed(0)} MB taken after the warm-up session and a ` +
            `full GC. MB = 2^20 bytes.`,
        },
        {
          name: 'upload_vs_disk',
          value: medianOf(ratios),
          digits: 2,
          goal: { op: '>=', target: 0.6 },
          about:
            `Upload-session throughput into the sandbox divided by dd (conv=fsync) on the same disk: ` +
            `the median of ${ROUNDS} uploads, each against the mean of the dd runs just before and ` +
            `after it (ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}).`,
          whenMissed: UPLOAD_CAUSE,
        },
        {
          name: 'upload_mib_s',
          value: uploadRate,
          digits: 0,
          unit: 'MiB/s',
          about: `The median upload: 1 GiB in ${uploadSeconds.toFixed(2)} s, session create to commit (all: ${uploads.map((u) => u.seconds.toFixed(2)).join(', ')} s).`,
        },
        {
          name: 'upload_commit_s',
          value: commitSeconds,
          digits: 2,
          unit: 's',
          about:
            'Of that, the commit alone: the sandbox re-reads the whole data file to check its SHA-1 ' +
            'against the Digest before it records the file.',
        },
        {
          name: 'dd_mib_s',
          value: ddRate,
          digits: 0,
          unit: 'MiB/s',
          about: `dd bs=8M conv=fsync, the median of ${ddSeconds.length} runs: 1 GiB in ${ddSeconds.map((d) => d.toFixed(2)).join(', ')} s.`,
        },
      ];
    } finally {
      await sandbox.stop();
      await work.remove();
    }
  },
};

function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * What the investigation found (2026-11-28): the two phases timed apart, the sandbox's CPU time
 * per phase (/proc) and a CPU profile of it (BENCH_CPU_PROF).
 */
const UPLOAD_CAUSE =
  'most of the spread comes from the disk baseline: on this VM the same 1 GiB `dd conv=fsync` ' +
  "takes anywhere from 0.6 to 4.2 s (the hypervisor's write cache absorbs some runs whole), while " +
  'the uploads of one run stay within 15 % of each other (`upload_mib_s` lists them; from run to ' +
  "run they took 4.5 to 8.3 s, as the VM's share of disk and CPU moves). The upload itself is " +
  'bound by SHA-1 on the main thread: each part is hashed as it ' +
  'streams (for its Digest) and the commit hashes the whole file once more (`upload_commit_s`): ' +
  'two passes over the GiB, besides 1 MiB writes and an fsync per part (packages/box-sandbox/src/store/' +
  'blobs.ts). On 2026-11-28 the default 16 KiB writes and 64 KiB reads made it 116 MiB/s; with 1 MiB, ' +
  "245 MiB/s. Hashing the contiguous prefix as parts arrive would take the commit's second pass away.";
