/**
 * Pairs the fields of a record before and after a change: first by the name
 * userspace uses (so `offset` moved into `union { __u64 offset; … }` is the same
 * field), then the leftovers by position — same type at the same offset and size
 * on every ABI where both are laid out is the same storage under a new name.
 */
import type { AbiName } from '../layout-types.ts';
import type { Field, FieldPair, FieldPlace } from './types.ts';

function samePlace(a: FieldPlace, b: FieldPlace): boolean {
  return a.offset === b.offset && a.size === b.size && a.bitOffset === b.bitOffset && a.bitSize === b.bitSize;
}

/** Same storage on every ABI where both sides have a place; undefined when no ABI has both. */
export function sameStorage(b: Field, a: Field, abis: AbiName[]): boolean | undefined {
  let compared = 0;
  for (const abi of abis) {
    const pb = b.at[abi];
    const pa = a.at[abi];
    if (!pb || !pa || pb.relative !== pa.relative) continue; // offsets from different points do not compare
    compared++;
    if (!samePlace(pb, pa)) return false;
  }
  return compared > 0 ? true : undefined;
}

/** Nearest field on each side (in walk order) that was matched by name: the neighbourhood of a field. */
function neighbours(f: Field, fields: Field[], matched: Set<string>): [string | null, string | null] {
  let prev: string | null = null;
  let next: string | null = null;
  for (const g of fields) {
    if (!matched.has(g.path)) continue;
    if (g.order < f.order) prev = g.path;
    else if (g.order > f.order && next === null) next = g.path;
  }
  return [prev, next];
}

/**
 * A pair whose two places count from different points (FieldPlace.relative:
 * the diff shows a member of unknown size added or removed before it) has no
 * offset to compare on that ABI: both places are dropped, so no rule reads a
 * move into them.
 */
function forgetIncomparablePlaces(pairs: readonly FieldPair[], abis: AbiName[]): void {
  for (const p of pairs) {
    for (const abi of abis) {
      const b = p.before.at[abi];
      const a = p.after.at[abi];
      if (!b || !a || b.relative === a.relative) continue;
      delete p.before.at[abi];
      delete p.after.at[abi];
    }
  }
}

export function matchFields(
  before: Field[],
  after: Field[],
  abis: AbiName[],
): { pairs: FieldPair[]; removed: Field[]; added: Field[] } {
  const afterByPath = new Map(after.map((f) => [f.path, f]));
  const pairs: FieldPair[] = [];
  const named = new Set<string>();
  for (const b of before) {
    const a = afterByPath.get(b.path);
    if (a) {
      pairs.push({ before: b, after: a, how: 'name' });
      named.add(b.path);
    }
  }
  let removed = before.filter((f) => !named.has(f.path));
  let added = after.filter((f) => !named.has(f.path));

  // Positional pass: a removed field and an added one holding the same storage with the same type.
  // Parents before children, so `grp` pairs before `grp.a` would be considered.
  const usedAfter = new Set<string>();
  const renamedBefore = new Set<string>();
  for (const b of removed) {
    if ([...renamedBefore].some((r) => b.path.startsWith(`${r}.`))) continue;
    const candidates = added.filter((a) => {
      if (usedAfter.has(a.path) || a.canonical !== b.canonical) return false;
      const same = sameStorage(b, a, abis);
      if (same !== undefined) return same;
      // No layout on either side (partial record): same type between the same named neighbours.
      const [bp, bn] = neighbours(b, before, named);
      const [ap, an] = neighbours(a, after, named);
      return bp === ap && bn === an && a.segment === b.segment;
    });
    if (candidates.length === 0) continue;
    // Prefer a field with the same leaf name (moved into a named group), then the shallowest.
    const leaf = (p: string) => p.slice(p.lastIndexOf('.') + 1);
    candidates.sort((x, y) =>
      Number(leaf(y.path) === leaf(b.path)) - Number(leaf(x.path) === leaf(b.path)) ||
      x.path.split('.').length - y.path.split('.').length);
    const a = candidates[0];
    usedAfter.add(a.path);
    renamedBefore.add(b.path);
    pairs.push({ before: b, after: a, how: 'position' });
  }
  removed = removed.filter((f) => !renamedBefore.has(f.path));
  added = added.filter((f) => !usedAfter.has(f.path));
  // Children of a removed/added named group follow their parent's fate; drop fields whose
  // parent group was itself paired by position (their renames are implied).
  const renamedPrefixes = pairs.filter((p) => p.how === 'position').map((p) => [`${p.before.path}.`, `${p.after.path}.`] as const);
  removed = removed.filter((f) => !renamedPrefixes.some(([bp]) => f.path.startsWith(bp)));
  added = added.filter((f) => !renamedPrefixes.some(([, ap]) => f.path.startsWith(ap)));
  forgetIncomparablePlaces(pairs, abis);
  return { pairs, removed, added };
}
