/**
 * The plain-data vocabulary shared by the parallel layout runner and its
 * workers: jobs, their results, and how a batch of jobs is run in one thread.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import { InputError } from '../../errors.ts';
import { layoutHeaderFile, type HeaderFileLayout, type HeaderSearch } from './header-file-layout.ts';
import { relieveMemoryPressure } from '../../c/memory-pressure.ts';

/** One header (as given on the command line) on one ABI. */
export interface LayoutJob {
  file: string;
  abi: AbiName;
}

/** A job whose header could not be found or read: the InputError, as data. */
export interface LayoutJobError {
  /** The one-line message, `<input>: <problem>`. */
  error: string;
  input: string;
  problem: string;
}

export type LayoutJobResult = HeaderFileLayout | LayoutJobError;

export function isLayoutJobError(r: LayoutJobResult): r is LayoutJobError {
  return 'error' in r;
}

/** The InputError a LayoutJobError stands for (thrown where the sequential command would have thrown it). */
export function inputErrorOf(r: LayoutJobError): InputError {
  return new InputError(r.input, r.problem);
}

/** Runs one job; an InputError becomes a LayoutJobError, anything else (a bug) is thrown. */
export function runLayoutJob(job: LayoutJob, search: HeaderSearch): LayoutJobResult {
  try {
    return layoutHeaderFile(job.file, search, job.abi);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message, input: e.input, problem: e.problem };
  }
}

/** Batches per worker thread: enough for the queue to even out headers of very different sizes. */
export const BATCHES_PER_WORKER = 8;

/**
 * The jobs cut into batches (workers take them from a queue, the main
 * thread runs them in order): runs of consecutive headers (in order of first
 * appearance) with all their jobs, each batch in the order the jobs were
 * given. Every job of a header is in the same batch, so one thread parses a
 * header for all its ABIs (the front end caches declaration parses per
 * thread). The command gives jobs ABI by
 * ABI, so a worker goes through its batch ABI by ABI and the preprocessor's
 * caches of one ABI stay hot: on 544 headers × 14 ABIs, 2 workers, batches
 * of 34 headers took 7–8% less wall and CPU time than one header per batch
 * (medians of three alternating runs: 7.8 against 8.4 s, 14.8 against 16.1 CPU s).
 */
export function layoutBatches(jobs: readonly LayoutJob[], workers: number): number[][] {
  const byHeader = new Map<string, number[]>();
  jobs.forEach((j, i) => {
    const g = byHeader.get(j.file);
    if (g) g.push(i);
    else byHeader.set(j.file, [i]);
  });
  const headers = [...byHeader.values()];
  const perBatch = Math.max(1, Math.ceil(headers.length / (Math.max(1, workers) * BATCHES_PER_WORKER)));
  const batches: number[][] = [];
  for (let h = 0; h < headers.length; h += perBatch) {
    batches.push(headers.slice(h, h + perBatch).flat().sort((a, b) => a - b));
  }
  return batches;
}

/** Jobs run between two yields to the event loop. */
const YIELD_EVERY = 16;

/** Lets finalizers run: tree-sitter's native trees are freed only between event-loop turns. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One job and its place in the caller's list. */
export interface IndexedJob {
  index: number;
  job: LayoutJob;
}

/**
 * Runs `batch` in order in this thread (the main thread's and every worker's
 * loop), yielding to the event loop every YIELD_EVERY jobs so finalizers free
 * native parse trees. `starting` hears of each job before it runs. An error
 * other than an InputError (a bug) is thrown.
 */
export async function runBatch(
  batch: readonly IndexedJob[],
  search: HeaderSearch,
  starting?: (index: number) => void,
): Promise<{ index: number; result: LayoutJobResult }[]> {
  const results: { index: number; result: LayoutJobResult }[] = [];
  for (const { index, job } of batch) {
    if (results.length > 0 && results.length % YIELD_EVERY === 0) await yieldToEventLoop();
    starting?.(index);
    results.push({ index, result: runLayoutJob(job, search) });
    relieveMemoryPressure();
  }
  return results;
}
