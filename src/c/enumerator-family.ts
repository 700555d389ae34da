/**
 * The enumerators of one enum share a prefix (`ETHTOOL_A_PAUSE_RX`,
 * `ETHTOOL_A_PAUSE_STATS`, `__ETHTOOL_A_PAUSE_CNT`): their family. From
 * diff context, a hunk that starts with enumerators of another family
 * (`ETHTOOL_A_TSINFO_TX_TYPES`) is in another enum, even though the enum
 * the hunk before left open is not shown closing.
 */

/** The enumerator a line of an enum body declares (`\tFOO_BAR = 3,\t/* … *\/`), or null. */
export function enumeratorOnLine(line: string): string | null {
  const m = /^\s+([A-Za-z_]\w*)\s*(?:=[^;{}]*)?,?\s*(?:\/[*/].*)?$/.exec(line);
  return m ? m[1]! : null;
}

/** The longest prefix ending in `_` that every name has, leading underscores aside ('' when there is none). */
export function familyOf(names: readonly string[]): string {
  const bare = names.map((n) => n.replace(/^_+/, ''));
  let prefix = bare[0] ?? '';
  for (const n of bare.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  // a single name (or names equal up to their end) is its own family without its last word
  if (bare.every((n) => n === prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('_') + 1);
  return prefix.slice(0, prefix.lastIndexOf('_') + 1);
}

/** Whether `name` is not of the family of `names` (false when that family is unknown). */
export function leavesFamily(names: readonly string[], name: string): boolean {
  const family = familyOf(names);
  return family !== '' && !name.replace(/^_+/, '').startsWith(family);
}
