/**
 * bench/layout: the tool lays out every /usr/include/linux/*.h header for all
 * 14 ABIs in this one process, through the same runner as `abi-check layout`
 * (src/cli/layout/parallel-layout.ts): once in the main thread alone, once on
 * one worker thread per core. GCC (cc1 -S -g, assembler, readelf, DWARF
 * read, then an _Alignof probe compile) does the same headers for x86_64
 * only, two compilers at a time, uncached. Prints the times and the ratios.
 *
 * Every ABI reads the same header files, /usr/include/linux/*.h (`-I
 * /usr/include`), with its own asm/ and libc headers from its sysroot: as
 * the tool reads one kernel tree's include/uapi for every ABI. A last run
 * (worker threads) has each cross ABI read its own sysroot's copy of the
 * headers instead (/usr/aarch64-linux-gnu/include/linux/…: Debian's cross
 * packages, another kernel release), as `abi-check layout --abi all` does
 * without -I: different files per ABI, so little is shared between ABIs.
 *
 *   npm run bench:layout            (or: node --import ./bin/load-typescript.mjs bench/layout.ts)
 *   BENCH_LAYOUT_LIMIT=100 …        first 100 headers only
 *   BENCH_LAYOUT_JOBS=3 …           that many threads instead of one per core
 *
 * CPU time is printed next to wall time (./cpu-time.ts): the tool's is the
 * whole process's (all its threads, GC helpers included), GCC's is that of
 * the compilers, assemblers and readelf it ran plus this process reading
 * their output.
 *
 * The front end / layout engine split is the time each job spent in each,
 * summed over all threads (so with several threads it exceeds the wall time).
 * Memory is the resident set of the whole process, worker threads included
 * (they share it), sampled every 50 ms: its peak during a run, and how far
 * that is above its size when the run started.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ABI_NAMES } from '../src/abi/layout-types.ts';
import { isLayoutJobError, layoutHeaderFiles, type LayoutJob } from '../src/cli/layout/parallel-layout.ts';
import { gccRecordsFor } from '../test/abi/layout/gcc/gcc-layouts.ts';
import { limiter } from '../test/abi/layout/gcc/run-process.ts';
import { childrenCpuSeconds, processCpuSeconds } from './cpu-time.ts';

const limit = Number(process.env.BENCH_LAYOUT_LIMIT ?? Infinity);
const threads = Number(process.env.BENCH_LAYOUT_JOBS ?? availableParallelism());
const headers = readdirSync('/usr/include/linux')
  .filter((n) => n.endsWith('.h'))
  .sort()
  .slice(0, limit)
  .map((n) => `linux/${n}`);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The peak resident set above the current one while `run` runs. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; peak: number; peakGrowth: number }> {
  const rss0 = process.memoryUsage.rss();
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak, peakGrowth: peak - rss0 };
  } finally {
    clearInterval(timer);
  }
}

/** What the GCC run took: wall time, and CPU seconds (null where children's CPU time cannot be read). */
interface GccTime {
  ms: number;
  cpu: number | null;
}

/** One set of headers for every ABI (see above); no -I: each ABI's own sysroot copy. */
const SAME_FILES = { includeDirs: ['/usr/include'] };
const OWN_SYSROOTS = { includeDirs: [] };

async function timeTool(workers: number, gcc: GccTime, search = SAME_FILES): Promise<void> {
  const gccMs = gcc.ms;
  const jobs: LayoutJob[] = ABI_NAMES.flatMap((abi) => headers.map((file) => ({ file, abi })));
  const t0 = performance.now();
  const cpu0 = processCpuSeconds();
  const { value: results, peak, peakGrowth } = await withPeakRss(() => layoutHeaderFiles(jobs, search, { workers }));
  const toolMs = performance.now() - t0;
  const toolCpu = processCpuSeconds() - cpu0;
  let records = 0;
  let failed = 0;
  let frontMs = 0;
  let layoutMs = 0;
  for (const r of results) {
    if (isLayoutJobError(r)) {
      failed++;
      continue;
    }
    records += r.records.length;
    frontMs += r.ms.frontEnd;
    layoutMs += r.ms.layout;
  }
  const threads = workers > 1 ? `${Math.min(workers, headers.length)} worker threads` : 'main thread only';
  const how = search === SAME_FILES ? threads : `${threads}, each ABI's own sysroot copy`;
  console.log(`tool, ${ABI_NAMES.length} ABIs, 1 process, ${how}: ${seconds(toolMs)} (${records} record layouts, ${failed} header runs failed)`);
  console.log(`  time in jobs, summed over threads: preprocessor + front end ${seconds(frontMs)}, layout engine ${seconds(layoutMs)}`);
  console.log(`  memory: peak resident set ${(peak / 1e6).toFixed(0)} MB, ${(peakGrowth / 1e6).toFixed(0)} MB above the start (whole process, workers included)`);
  const perAbiTool = toolMs / ABI_NAMES.length;
  console.log(`  ratio: tool for all ${ABI_NAMES.length} ABIs / GCC for one ABI = ${(toolMs / gccMs).toFixed(2)}`);
  const cpuRatio = gcc.cpu === null ? 'GCC\'s CPU time cannot be read here' : `ratio ${(toolCpu / gcc.cpu).toFixed(2)} against GCC's ${gcc.cpu.toFixed(2)} s for one ABI`;
  console.log(`  CPU time: ${toolCpu.toFixed(2)} s for all ${ABI_NAMES.length} ABIs (${cpuRatio}); ${(toolCpu / (toolMs / 1000)).toFixed(2)} cores busy on average`);
  console.log(`  per ABI: tool ${seconds(perAbiTool)}, GCC ${seconds(gccMs)} → tool is ${(gccMs / perAbiTool).toFixed(1)}x faster per ABI`);
}

async function main(): Promise<void> {
  console.log(`${headers.length} headers of /usr/include/linux; ${availableParallelism()} cores`);

  // GCC first: the tool's front end grows this process's native memory, which slows every later fork.
  const run = limiter(2);
  const t1 = performance.now();
  const cpu1 = processCpuSeconds();
  const children1 = childrenCpuSeconds();
  const results = await Promise.all(headers.map((h) => run(() => gccRecordsFor('x86_64', h))));
  const gccMs = performance.now() - t1;
  const children2 = childrenCpuSeconds();
  const gcc: GccTime = {
    ms: gccMs,
    cpu: children1 === null || children2 === null ? null : children2 - children1 + processCpuSeconds() - cpu1,
  };
  const gccRecords = results.reduce((n, r) => n + (r.ok ? r.records.length : 0), 0);
  console.log(`GCC, x86_64 only, 2 jobs: ${seconds(gccMs)} (${gccRecords} record layouts, ${results.filter((r) => !r.ok).length} headers failed)`);
  if (gcc.cpu !== null) console.log(`  CPU time: ${gcc.cpu.toFixed(2)} s (compilers, assembler, readelf, and this process reading their output)`);

  // The main thread alone first, so its memory growth is measured from a fresh front end; the
  // workers' memory then comes on top of what the main thread's front end keeps cached.
  await timeTool(1, gcc);
  await timeTool(threads, gcc);
  await timeTool(threads, gcc, OWN_SYSROOTS);
}

await main();
