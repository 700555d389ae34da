/** Starts one analysis in a worker thread and relays its progress. */
import { Worker } from 'node:worker_threads';
import type { PipelineOptions, ProgressEvent } from '../pipeline/options.ts';
import type { Analysed } from './actions.ts';

export function analyseInWorker(
  opts: Omit<PipelineOptions, 'onProgress'>,
  onProgress: (e: ProgressEvent) => void,
): Promise<Analysed> {
  return new Promise((resolve, reject) => {
    // The entry registers the TypeScript loader itself, so this works from any current directory.
    const worker = new Worker(new URL('./analysis-worker-entry.mjs', import.meta.url), { workerData: opts });
    let settled = false;
    worker.on('message', (m: { type: string; event?: ProgressEvent; report?: Analysed['report']; series?: Analysed['series']; message?: string }) => {
      if (m.type === 'progress' && m.event) onProgress(m.event);
      else if (m.type === 'done' && m.report && m.series) {
        settled = true;
        resolve({ report: m.report, series: m.series });
        void worker.terminate();
      } else if (m.type === 'error') {
        settled = true;
        reject(new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`analysis stopped unexpectedly (exit ${code})`));
    });
  });
}
