/**
 * Groups enumerator changes per enum and classifies them: values that moved,
 * names that went away, new names, and sentinels (`FOO_MAX`, `__MAX_FOO`,
 * `FOO_CNT`, or an end marker such as `IORING_OP_LAST` that is the enum's last
 * enumerator) that moved only because a value was added before them.
 */
import { resizedRequestEnumerator } from './ioctl-dispatch.ts';
import type { FileDiff, EnumeratorChange } from '../diff/types.ts';
import { isSentinelName } from './format.ts';

export interface EnumDelta {
  enumName: string | null;
  /** The enum's name, or the enumerator an anonymous enum is known by (EnumeratorChange.enumAnchor). */
  anchor: string;
  changed: EnumeratorChange[];
  changedSentinels: EnumeratorChange[];
  removed: EnumeratorChange[];
  added: EnumeratorChange[];
  /** The enum itself is new in this change. */
  newEnum: boolean;
}

export function enumDeltas(diff: FileDiff): EnumDelta[] {
  const by = new Map<string, EnumDelta>();
  const byName = new Map(diff.enumerators.map((c) => [c.name, c]));
  const newEnums = new Set(diff.enums.filter((e) => !e.before && e.after).map((e) => e.symbol));
  for (const c of diff.enumerators) {
    const key = c.enumName ?? `(anon) ${c.enumAnchor}`;
    let d = by.get(key);
    if (!d) by.set(key, (d = { enumName: c.enumName, anchor: c.enumAnchor, changed: [], changedSentinels: [], removed: [], added: [], newEnum: c.enumName !== null && newEnums.has(c.enumName) }));
    if (c.before && c.after) {
      // a request number resized in a family served by number: uapi.ioctl-size-from-request's
      if (c.before.value !== c.after.value && resizedRequestEnumerator(diff, c)) continue;
      if (c.before.value !== c.after.value) (isSentinelName(c.name) || isTrailingMarker(c, byName) ? d.changedSentinels : d.changed).push(c);
    } else if (c.before) d.removed.push(c);
    else d.added.push(c);
  }
  return [...by.values()];
}

/** `IORING_OP_LAST`, `RDMA_NL_NUM_GROUPS`, `__ETHTOOL_LINK_MODE_MASK_NBITS`, `__NFT_META_IIFTYPE`: names of end markers and counts. */
const MARKER = /(^|_)(LAST|NR|END|NUM|COUNT|CNT|MAX|NBITS|MASK)(_|$)|^__/;

/**
 * An end marker or a count: marker-named, and followed in its enum, on both
 * sides, only by enumerators that keep their value (IORING_REGISTER_USE_
 * REGISTERED_RING = 1U << 31 after IORING_REGISTER_LAST) or are markers too
 * (SOF_TIMESTAMPING_MASK after SOF_TIMESTAMPING_LAST).
 */
function isTrailingMarker(c: EnumeratorChange, byName: Map<string, EnumeratorChange>): boolean {
  if (!MARKER.test(c.name)) return false;
  const settled = (n: string, prev: bigint | undefined) => {
    const o = byName.get(n);
    if (MARKER.test(n) || (o?.before != null && o.after != null && o.before.value === o.after.value)) return true;
    // New after the marker with a value of its own (`FOO_FLAG = 1U << 31`), not the next in sequence.
    return o?.before == null && o?.after != null && prev !== undefined && o.after.value !== prev + 1n;
  };
  const walk = (names: string[], start: bigint | undefined, side: 'before' | 'after') => {
    let prev = start;
    return names.every((n) => {
      const ok = settled(n, prev);
      prev = byName.get(n)?.[side]?.value ?? undefined;
      return ok;
    });
  };
  return walk(c.following.before, c.before?.value, 'before') && walk(c.following.after, c.after?.value, 'after');
}

export function enumLabel(d: EnumDelta): string {
  if (d.enumName !== null) return d.enumName;
  // an enum whose enumerators all went is known by one of them: naming it would say "X is gone from the enum holding X"
  return d.removed.some((c) => c.name === d.anchor) ? 'an anonymous enum' : `the anonymous enum holding ${d.anchor}`;
}

/** The enumerator's value counts from lines the diff does not show, on either side (diff context). */
export function isRelative(c: EnumeratorChange): boolean {
  return c.before?.relative === true || c.after?.relative === true;
}

/** `4 → 5`, or for a relative value (isRelative) `+1` with no numbers (they are not known). */
export function valueChangeText(c: EnumeratorChange): string {
  if (!isRelative(c)) return `${c.before!.value} → ${c.after!.value}`;
  const d = c.after!.value - c.before!.value;
  return `${d > 0n ? '+' : ''}${d}`;
}

/** The sentence ending a message about values the diff could only count relative to lines it does not show. */
export const RELATIVE_NOTE = ' Some of these values follow lines the diff does not show: they are known relative to each other at most, not as numbers.';

/** `{ name: value }` for a finding's before/after, leaving out relative values (their numbers are not known). */
export function knownValues(list: readonly EnumeratorChange[], side: 'before' | 'after'): Record<string, number> | undefined {
  const known = list.filter((c) => !isRelative(c));
  return known.length ? Object.fromEntries(known.map((c) => [c.name, Number(c[side]!.value)])) : undefined;
}
