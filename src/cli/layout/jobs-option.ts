/** `abi-check layout --jobs N`: how many threads lay out headers. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.ts';

/**
 * Header × ABI runs that make one more thread worth its start: a worker loads
 * and warms up a front end of its own (its caches start empty), and on 2
 * cores two busy threads also take the core V8's background compiler and
 * garbage collector use for one. Measured on 2 cores: 544 headers × 1 ABI
 * and 100 × 14 are faster in the main thread alone, 200 × 14 break even,
 * 300 × 14 and 544 × 14 are faster on 2 threads.
 */
export const MIN_RUNS_PER_THREAD = 2000;

/**
 * The thread count: `--jobs` as typed (or a number from a caller), else one
 * per core, but never more than one per header nor one per
 * MIN_RUNS_PER_THREAD runs; 1 means the main thread alone.
 */
export function layoutThreadCount(jobs: number | string | undefined, headers: number, runs: number): number {
  if (jobs === undefined) return Math.max(1, Math.min(availableParallelism(), headers, Math.floor(runs / MIN_RUNS_PER_THREAD)));
  const text = String(jobs);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`layout: --jobs must be a whole number of at least 1, not '${text}'`);
  return Number(text);
}
