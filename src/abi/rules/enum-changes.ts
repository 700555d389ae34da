/**
 * Groups enumerator changes per enum and classifies them: values that moved,
 * names that went away, new names, and sentinels (`FOO_MAX`, `__MAX_FOO`,
 * `FOO_CNT`, or an end marker such as `IORING_OP_LAST` that is the enum's last
 * enumerator) that moved only because a value was added before them.
 */
import type { FileDiff, EnumeratorChange } from '../diff/types.ts';
import { isSentinelName } from './format.ts';

export interface EnumDelta {
  enumName: string | null;
  changed: EnumeratorChange[];
  changedSentinels: EnumeratorChange[];
  removed: EnumeratorChange[];
  added: EnumeratorChange[];
  /** The enum itself is new in this change. */
  newEnum: boolean;
}

export function enumDeltas(diff: FileDiff): EnumDelta[] {
  const by = new Map<string, EnumDelta>();
  const newEnums = new Set(diff.enums.filter((e) => !e.before && e.after).map((e) => e.symbol));
  for (const c of diff.enumerators) {
    const key = c.enumName ?? `(anon)`;
    let d = by.get(key);
    if (!d) by.set(key, (d = { enumName: c.enumName, changed: [], changedSentinels: [], removed: [], added: [], newEnum: c.enumName !== null && newEnums.has(c.enumName) }));
    if (c.before && c.after) {
      if (c.before.value !== c.after.value) (isSentinelName(c.name) || isTrailingMarker(c) ? d.changedSentinels : d.changed).push(c);
    } else if (c.before) d.removed.push(c);
    else d.added.push(c);
  }
  return [...by.values()];
}

/** `IORING_OP_LAST`, `RDMA_NL_NUM_GROUPS`, `FOO_NR`: an end marker or a count, when it is the last enumerator on both sides. */
function isTrailingMarker(c: EnumeratorChange): boolean {
  return c.lastBothSides === true && /(^|_)(LAST|NR|END|NUM|COUNT|CNT|MAX)(_|$)/.test(c.name);
}

export function enumLabel(d: EnumDelta): string {
  return d.enumName ?? 'an anonymous enum';
}
