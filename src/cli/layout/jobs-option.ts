/** `abi-check layout --jobs N`: how many threads lay out headers. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.ts';

/**
 * The thread count: `--jobs` as typed (or a number from a caller), else one
 * per core, never more than one per header (a lone header runs in the main
 * thread, where starting a worker would only cost time).
 */
export function layoutThreadCount(jobs: number | string | undefined, headers: number): number {
  if (jobs === undefined) return Math.max(1, Math.min(availableParallelism(), headers));
  const text = String(jobs);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`layout: --jobs must be a whole number of at least 1, not '${text}'`);
  return Number(text);
}
