/**
 * Dropping the front end's caches before the heap runs out.
 *
 * The process keeps what it worked out for reuse: parses of declaration
 * texts, files' tokens and include recordings, macro expressions, models.
 * Each cache has a budget, but an in-kernel header reads its whole include
 * closure (pci.h: ~24k declarations and macros), and a series changing a
 * hundred of them grows the live heap until V8 aborts the process at its
 * limit: the run's work is lost (6.1 → 6.12's 105 headers with their extern
 * variables changed: out of memory after 108 s with a 2 GB heap, the
 * default on a machine with 8 GB).
 *
 * So caches register a way to drop what they hold, and the loops that build
 * one model after another ask, between models, for memory to be relieved:
 * when the heap in use has passed SHED_FRACTION of its limit, every
 * registered cache is emptied. What they held is worked out again when next
 * needed: slower, never different.
 */
import { getHeapStatistics } from 'node:v8';

/** The share of the heap limit in use beyond which caches are dropped. */
export const SHED_FRACTION = 0.6;

const drops: (() => void)[] = [];
let shed = 0;

/** `drop` empties a process-wide cache (registered once, when its module loads). */
export function registerCache(drop: () => void): void {
  drops.push(drop);
}

/**
 * Empties every registered cache when the heap in use has passed `fraction`
 * of its limit (call between units of work, never while one is built);
 * whether it did.
 */
export function relieveMemoryPressure(fraction = SHED_FRACTION): boolean {
  const heap = getHeapStatistics();
  if (heap.used_heap_size < fraction * heap.heap_size_limit) return false;
  for (const drop of drops) drop();
  shed++;
  return true;
}

/** How many times the caches were dropped in this thread (tests read it). */
export function timesCachesDropped(): number {
  return shed;
}
