/**
 * Lays out many (header, ABI) jobs on several worker threads, so one
 * `abi-check layout` process uses every core.
 *
 * The jobs are cut into batches of consecutive headers, all ABIs of a header
 * in one batch (layout-jobs.ts, `layoutBatches`), and the batches form a
 * queue: each worker takes the next batch when it has sent back the previous
 * one, so a few slow headers do not leave a core idle. Results come back in
 * input order whatever the number of workers, so callers print the same
 * bytes for any count.
 *
 * A job whose header cannot be found or read yields a LayoutJobError (the
 * sequential command's InputError, as data). A job that throws anything else
 * (a bug) rejects with that error's message; a worker that dies (crash, out
 * of memory) rejects with an InputError naming the header and ABI it was
 * laying out (each worker writes the job it is on to a shared slot).
 * Either way every worker is terminated; none outlives the call.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { InputError } from '../../errors.ts';
import { layoutBatches, runBatch, type LayoutJob, type LayoutJobResult } from './layout-jobs.ts';
import type { HeaderSearch } from './header-file-layout.ts';
import type { LayoutBatch, LayoutWorkerData, LayoutWorkerReply } from './layout-worker.ts';

export { isLayoutJobError, inputErrorOf, type LayoutJob, type LayoutJobError, type LayoutJobResult } from './layout-jobs.ts';

export interface ParallelLayoutOptions {
  /** Worker threads to start; at most one per header. 1 or less: run in this thread, no worker at all. */
  workers: number;
  /** Heap limits of each worker (default: DEFAULT_WORKER_LIMITS). */
  resourceLimits?: ResourceLimits;
}

/**
 * Heap limits of a layout worker: V8's defaults. Capping the young generation
 * did not pay: on 544 headers × 14 ABIs, 2 workers, 16 MB was ~10% slower and
 * 32 or 96 MB were within run-to-run noise of the default.
 */
export const DEFAULT_WORKER_LIMITS: ResourceLimits = {};

const ENTRY = new URL('./layout-worker-entry.mjs', import.meta.url);

/**
 * The jobs in this thread, batch after batch as a worker would take them
 * (`layoutBatches`: runs of headers, each run ABI by ABI as the command gives
 * the jobs), yielding now and then so finalizers free native trees. On 544
 * headers × 14 ABIs, batches of 68 headers took 8% less wall time than the
 * whole list ABI by ABI (medians of seven alternating runs, 7.9 against
 * 8.6 s), which was itself ~10% faster than header by header.
 */
async function layoutInThisThread(jobs: readonly LayoutJob[], search: HeaderSearch): Promise<LayoutJobResult[]> {
  const results: LayoutJobResult[] = new Array(jobs.length);
  for (const batch of layoutBatches(jobs, 1)) {
    for (const r of await runBatch(batch.map((index) => ({ index, job: jobs[index]! })), search)) results[r.index] = r.result;
  }
  return results;
}

function reasonOf(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  return err?.message ?? String(e);
}

/** Lays out every job; results in the order of `jobs`. */
export async function layoutHeaderFiles(
  jobs: readonly LayoutJob[],
  search: HeaderSearch,
  opts: ParallelLayoutOptions,
): Promise<LayoutJobResult[]> {
  const headerCount = new Set(jobs.map((j) => j.file)).size;
  const count = Math.min(Math.floor(opts.workers), headerCount);
  if (count <= 1) return layoutInThisThread(jobs, search);
  const batches = layoutBatches(jobs, count);

  return new Promise((resolve, reject) => {
    const results: LayoutJobResult[] = new Array(jobs.length);
    const workers: Worker[] = [];
    /** Each worker's slot holding the index of the job it is on (written by the worker). */
    const progress = new Map<Worker, Int32Array>();
    /** Workers laying out a batch now. */
    const busy = new Set<Worker>();
    let next = 0;
    let left = batches.length;
    let settled = false;

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const died = (w: Worker, reason: string): void => {
      const slot = progress.get(w);
      if (!busy.has(w) || !slot) return finish(new InputError('layout', `a layout worker stopped between headers: ${reason}`));
      const job = jobs[Atomics.load(slot, 0)]!;
      finish(new InputError(job.file, `the layout worker stopped while laying out this header (${job.abi}): ${reason}`));
    };
    const feed = (w: Worker): void => {
      if (next >= batches.length) {
        busy.delete(w);
        return;
      }
      const indices = batches[next++]!;
      busy.add(w);
      // The batch's first job, until the worker says which one it is on.
      Atomics.store(progress.get(w)!, 0, indices[0]!);
      const batch: LayoutBatch = { jobs: indices.map((index) => ({ index, job: jobs[index]! })) };
      w.postMessage(batch);
    };

    for (let k = 0; k < count; k++) {
      const slot = new Int32Array(new SharedArrayBuffer(4));
      const workerData: LayoutWorkerData = { search, progress: slot };
      const w = new Worker(ENTRY, { workerData, resourceLimits: opts.resourceLimits ?? DEFAULT_WORKER_LIMITS });
      workers.push(w);
      progress.set(w, slot);
      w.on('message', (m: LayoutWorkerReply) => {
        if (settled) return;
        if (m.type === 'crash') {
          const err = new Error(m.message);
          if (m.stack) err.stack = m.stack;
          return finish(err);
        }
        for (const r of m.results) results[r.index] = r.result;
        if (--left === 0) return finish();
        feed(w);
      });
      w.on('error', (e) => died(w, reasonOf(e)));
      w.on('exit', (code) => {
        if (!settled) died(w, `it exited with code ${code}`);
      });
      feed(w);
    }
  });
}
