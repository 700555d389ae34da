/**
 * Runs the pipeline off the UI thread so the TUI keeps drawing while the
 * CPU-heavy stages (parsing, 14 ABIs of layouts, the emulator) work.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import type { PipelineOptions } from '../pipeline/options.ts';

const port = parentPort;
if (port) {
  const opts = workerData as Omit<PipelineOptions, 'onProgress'>;
  runPipeline({ ...opts, onProgress: (e) => port.postMessage({ type: 'progress', event: e }) }).then(
    (r) => port.postMessage({ type: 'done', report: r.report, series: r.series }),
    (err: Error) => port.postMessage({ type: 'error', message: err?.message ?? String(err) }),
  );
}
