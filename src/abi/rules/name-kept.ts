/**
 * Whether a uAPI name that went away in one form is still there in the
 * other, with the same value: an enumerator turned into a #define of the
 * same value (`#define NFT_BITWISE_BOOL NFT_BITWISE_MASK_XOR`, kept for
 * backwards compatibility when the enumerator was renamed), or a #define
 * turned into an enumerator. Userspace naming it still compiles and still
 * gets the same number, so neither is a removal.
 */
import type { FileDiff, MacroValue } from '../diff/types.ts';

/** `name` is #defined after the change, to `value` on every ABI it evaluates on (and on at least one). */
export function keptAsMacro(diff: FileDiff, name: string, value: bigint): boolean {
  const after = diff.macros.find((m) => m.name === name)?.after;
  if (!after) return false;
  const values = Object.values(after.values);
  return values.length > 0 && values.every((v) => v === value);
}

/**
 * `name` is an enumerator after the change, with the value `before` had, on
 * every ABI where both are known (an `_IOW` turned into an enumerator has
 * other values on the ABIs that encode ioctls differently, the same on each
 * as before); where neither value is known, the name alone.
 */
export function keptAsEnumerator(diff: FileDiff, name: string, before: MacroValue): boolean {
  const e = diff.enumerators.find((x) => x.name === name);
  if (!e?.after) return false;
  const both = diff.abis.filter((a) => before.values[a] !== undefined && e.perAbi.after[a] !== undefined && e.after!.relative === undefined);
  // no value to compare (diff context: `_IOWR('b', 1, struct x)` of a struct the diff does not show): the name is kept
  if (both.length === 0) return Object.values(before.values).every((v) => v === undefined) || e.after.relative !== undefined;
  return both.every((a) => before.values[a] === e.perAbi.after[a]);
}
