/**
 * The loop of one layout worker thread (started by ./parallel-layout.ts
 * through ./layout-worker-entry.mjs): it receives batches of jobs — a run
 * of headers with all their ABIs — runs them one after the other, noting
 * the job it is on in the shared progress slot, and sends the results back,
 * or the error of a job that failed for a reason other than its input (a
 * bug), after which the runner stops every worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { HeaderSearch } from './header-file-layout.ts';
import { runBatch, type IndexedJob, type LayoutJobResult } from './layout-jobs.ts';

export interface LayoutWorkerData {
  search: HeaderSearch;
  /** Slot 0: the index of the job being laid out (read by the main thread if this worker dies). */
  progress: Int32Array;
}

/** Main thread → worker. */
export interface LayoutBatch {
  jobs: IndexedJob[];
}

/** Worker → main thread. */
export type LayoutWorkerReply =
  | { type: 'done'; results: { index: number; result: LayoutJobResult }[] }
  | { type: 'crash'; index: number; message: string; stack?: string };

async function replyTo(batch: LayoutBatch, data: LayoutWorkerData): Promise<LayoutWorkerReply> {
  const { search, progress } = data;
  try {
    return { type: 'done', results: await runBatch(batch.jobs, search, (index) => Atomics.store(progress, 0, index)) };
  } catch (e) {
    const err = e as Error;
    return { type: 'crash', index: Atomics.load(progress, 0), message: err?.message ?? String(e), stack: err?.stack };
  }
}

const port = parentPort;
if (port) {
  const data = workerData as LayoutWorkerData;
  port.on('message', (batch: LayoutBatch) => {
    void replyTo(batch, data).then((reply) => port.postMessage(reply));
  });
}
