/**
 * The loop of one layout worker thread (started by ./parallel-layout.ts
 * through ./layout-worker-entry.mjs): it receives batches of jobs — one
 * header with all its ABIs — runs them one after the other and sends the
 * results back, or the error of a job that failed for a reason other than
 * its input (a bug), after which the runner stops every worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLayoutJob, yieldToEventLoop, type LayoutJob, type LayoutJobResult } from './layout-jobs.ts';

export interface LayoutWorkerData {
  includeDirs: string[];
}

/** Main thread → worker. */
export interface LayoutBatch {
  jobs: { index: number; job: LayoutJob }[];
}

/** Worker → main thread. */
export type LayoutWorkerReply =
  | { type: 'done'; results: { index: number; result: LayoutJobResult }[] }
  | { type: 'crash'; index: number; message: string; stack?: string };

async function runBatch(batch: LayoutBatch, includeDirs: string[]): Promise<LayoutWorkerReply> {
  const results: { index: number; result: LayoutJobResult }[] = [];
  let lastFile: string | undefined;
  for (const { index, job } of batch.jobs) {
    // Between headers, let finalizers free the native parse trees of the previous one.
    if (lastFile !== undefined && job.file !== lastFile) await yieldToEventLoop();
    lastFile = job.file;
    try {
      results.push({ index, result: runLayoutJob(job, includeDirs) });
    } catch (e) {
      const err = e as Error;
      return { type: 'crash', index, message: err?.message ?? String(e), stack: err?.stack };
    }
  }
  return { type: 'done', results };
}

const port = parentPort;
if (port) {
  const { includeDirs } = workerData as LayoutWorkerData;
  port.on('message', (batch: LayoutBatch) => {
    void runBatch(batch, includeDirs).then((reply) => port.postMessage(reply));
  });
}
