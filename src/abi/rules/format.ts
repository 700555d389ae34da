/**
 * Wording helpers shared by the rules: ABI groups (`x86_64, aarch64 …: 24 → 32;
 * i386: 20 → 28`), member lists, and the names that mark reserved fields and
 * enum sentinels.
 */
import type { AbiName } from '../layout-types.ts';

/** Groups ABIs by a value; keeps the order of first appearance. */
export function groupByValue<T>(abis: AbiName[], valueOf: (abi: AbiName) => T | undefined, key: (v: T) => string = String): { value: T; abis: AbiName[] }[] {
  const groups = new Map<string, { value: T; abis: AbiName[] }>();
  for (const abi of abis) {
    const v = valueOf(abi);
    if (v === undefined) continue;
    const k = key(v);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { value: v, abis: [] }));
    g.abis.push(abi);
  }
  return [...groups.values()];
}

export function abiList(abis: AbiName[], all: AbiName[]): string {
  if (abis.length === all.length && all.length > 1) return `all ${all.length} ABIs`;
  return abis.join(', ');
}

/** `x86_64, aarch64: 16 → 24; i386: 12 → 20` */
export function describeGroups(groups: { value: string; abis: AbiName[] }[], all: AbiName[]): string {
  return groups.map((g) => `${abiList(g.abis, all)}: ${g.value}`).join('; ');
}

/** Names kernel uAPI uses for fields that must be zero today (`reserved`, `__reserved2`, `pad`, `rsvd`, `resvd`, `resv1`, `res1`, `padding`, `unused`). */
export function isReservedName(name: string): boolean {
  const leaf = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  // `reserved`, `__rsvd2`, `pad_0`, `f_spare`, `hdr_reserved`, sed-opal's `__align` (underscores: not a real `align` field),
  // and tcphdr's `res1` (`res` only with a number: alone it is as often a result or a resource)
  return /^(\w+_)?_*(reserved|rsvd|resvd|rsv|resv|pad|padding|unused|spare|filler)(_?\d+|_\w+)?$/.test(leaf) || /^__+align(_?\d+)?$/.test(leaf) ||
    /^(\w+_)?_*res_?\d+$/.test(leaf);
}

/**
 * Enumerators and macros that count entries or mark the end rather than name
 * a value (`FOO_MAX`, `__MAX_FOO`, `FOO_CNT`, unistd's
 * `__NR_syscalls`, siginfo's `NSIGSEGV`: the number of SEGV codes).
 */
export function isSentinelName(name: string): boolean {
  return /_MAX$/.test(name) || /^__MAX_/.test(name) || /_CNT$/.test(name) || /_COUNT$/.test(name) || /^__\w+_LAST$/.test(name) || /^__\w+_NUM$/.test(name) || /^NUM_\w+$/.test(name) || /^MAX_\w+$/.test(name) ||
    name === '__NR_syscalls' || /^NSIG[A-Z]+$/.test(name);
}

/**
 * Sentinel names for #defines, which have no position to go by: also
 * `FOO_END`, `FOO_LAST`, `FOO_NR`, `AMDGPU_HW_IP_NUM` (enumerators with those names are
 * sentinels only at the end of their enum, see enum-changes.ts).
 */
export function isSentinelMacroName(name: string): boolean {
  return isSentinelName(name) || /_(END|LAST|NR|NUM)$/.test(name);
}


/**
 * A long list told briefly: the first `shown` items spelled out, then the
 * rest named (given `named`) or counted, as one last part — callers join the
 * parts with their own separator: `[a, b, 'and c, d']`, `[a, b, 'and 2 more']`.
 * A conversion (an idmap, a folio) changes dozens of things at once, and
 * net_device moves 130 members; every one stays in the finding's data.
 */
export function abridged<T>(items: readonly T[], shown: number, spell: (item: T) => string, named?: (item: T) => string): string[] {
  const parts = items.slice(0, shown).map(spell);
  const rest = items.slice(shown);
  if (rest.length > 0) parts.push(named ? `and ${rest.map(named).join(', ')}` : `and ${rest.length} more`);
  return parts;
}

/**
 * When what a finding names is so: after the patch its pass compares to
 * (the tree as that patch leaves it: each patch must build), or after the
 * whole series for the end-to-end pass (patch 0).
 */
export function afterWhat(patch: number): string {
  return patch > 0 ? 'after this patch' : 'after the series';
}

/** Orders places in the tree: by path, then line (stale definitions, calls and uses are listed so). */
export function byPlace(a: { path: string; line: number }, b: { path: string; line: number }): number {
  return a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1;
}
