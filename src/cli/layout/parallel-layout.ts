/**
 * Lays out many (header, ABI) jobs on several worker threads, so one
 * `abi-check layout` process uses every core.
 *
 * The jobs are grouped by header (all ABIs of one header go to one thread,
 * whose front end then reuses its cached declaration parses) and the groups
 * form a queue: each worker takes the next header when it has sent back the
 * previous one, so a few slow headers do not leave a core idle. Results come
 * back in input order whatever the number of workers, so callers print the
 * same bytes for any count.
 *
 * A job whose header cannot be found or read yields a LayoutJobError (the
 * sequential command's InputError, as data). A job that throws anything else
 * (a bug) rejects with that error's message; a worker that dies (crash, out
 * of memory) rejects with an InputError naming the header it was laying out.
 * Either way every worker is terminated; none outlives the call.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { InputError } from '../../errors.ts';
import { groupJobsByHeader, runLayoutJob, yieldToEventLoop, type LayoutJob, type LayoutJobResult } from './layout-jobs.ts';
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
 * The jobs in this thread, in the order given (the command gives them ABI by
 * ABI: the preprocessor's caches of one ABI stay hot, ~10% faster than header
 * by header), yielding now and then so finalizers free native trees.
 */
async function layoutInThisThread(jobs: readonly LayoutJob[], includeDirs: string[]): Promise<LayoutJobResult[]> {
  const results: LayoutJobResult[] = new Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    results[i] = runLayoutJob(jobs[i], includeDirs);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
  }
  return results;
}

const YIELD_EVERY = 16;

function reasonOf(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  return err?.message ?? String(e);
}

/** Lays out every job; results in the order of `jobs`. */
export async function layoutHeaderFiles(
  jobs: readonly LayoutJob[],
  includeDirs: string[],
  opts: ParallelLayoutOptions,
): Promise<LayoutJobResult[]> {
  const groups = groupJobsByHeader(jobs);
  const count = Math.min(Math.floor(opts.workers), groups.length);
  if (count <= 1) return layoutInThisThread(jobs, includeDirs);

  return new Promise((resolve, reject) => {
    const results: LayoutJobResult[] = new Array(jobs.length);
    const workers: Worker[] = [];
    /** The header group each worker is laying out now. */
    const onIt = new Map<Worker, (typeof groups)[number]>();
    let next = 0;
    let left = groups.length;
    let settled = false;

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const died = (w: Worker, reason: string): void => {
      const group = onIt.get(w);
      if (!group) return finish(new InputError('layout', `a layout worker stopped between headers: ${reason}`));
      const abis = group.indices.map((i) => jobs[i].abi).join(', ');
      finish(new InputError(group.file, `the layout worker stopped while laying out this header (${abis}): ${reason}`));
    };
    const feed = (w: Worker): void => {
      if (next >= groups.length) {
        onIt.delete(w);
        return;
      }
      const group = groups[next++];
      onIt.set(w, group);
      const batch: LayoutBatch = { jobs: group.indices.map((index) => ({ index, job: jobs[index] })) };
      w.postMessage(batch);
    };

    const workerData: LayoutWorkerData = { includeDirs };
    for (let k = 0; k < count; k++) {
      const w = new Worker(ENTRY, { workerData, resourceLimits: opts.resourceLimits ?? DEFAULT_WORKER_LIMITS });
      workers.push(w);
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
