/** `abi-check layout --jobs N`: how many threads lay out headers. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.ts';

/**
 * Header × ABI runs that make one more thread worth its start: a worker loads
 * and warms up a front end of its own (its caches start empty, and the work
 * one thread shares between ABIs is done again in each).
 */
export const MIN_RUNS_PER_THREAD = 2000;

/**
 * The thread count: `--jobs` as typed (or a number from a caller), else one
 * per core but one, never more than one per header nor one per
 * MIN_RUNS_PER_THREAD runs; 1 means the main thread alone. The core left is
 * the one V8's background compiler and garbage collector use: measured on 2
 * cores, the main thread alone beat 2 threads on every run tried (544
 * headers × 1 ABI: 1.7 against 2.1 s; × 14 ABIs: 4.7–5.1 against 5.4–5.7 s
 * with -I /usr/include, 5.3 against 6.5 s without).
 */
export function layoutThreadCount(jobs: number | string | undefined, headers: number, runs: number): number {
  if (jobs === undefined) return Math.max(1, Math.min(availableParallelism() - 1, headers, Math.floor(runs / MIN_RUNS_PER_THREAD)));
  const text = String(jobs);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`layout: --jobs must be a whole number of at least 1, not '${text}'`);
  return Number(text);
}
