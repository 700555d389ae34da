/**
 * Facts about one record change that several rules share: where to point,
 * whether the change only appended to an extensible struct, whether a size
 * change is only a `[1]`/`[0]` → `[]` conversion.
 */
import type { AbiName } from '../layout-types.ts';
import type { Field, FieldPair, FileDiff, RecordChange, RecordSide } from '../diff/types.ts';
import { flexSpelling, resolveTypedefs } from '../diff/type-text.ts';
import { groupByValue, isReservedName } from './format.ts';

export function afterLine(c: RecordChange, field?: Field | null): number | null {
  if (field) return field.member.loc.line;
  return c.after?.decl.loc.line ?? null;
}

export function abisWithLayouts(c: RecordChange, abis: AbiName[]): AbiName[] {
  return abis.filter((a) => c.before?.layouts[a] && c.after?.layouts[a]);
}

/** Top-level fields only (not through named sub-records). */
export function isTopLevel(f: Field): boolean {
  return f.path.indexOf('.') < 0;
}

/** A member a caller fills with sizeof(struct) so the kernel can tell old from new (VFIO `argsz`, perf `size`). */
export function sizeField(side: RecordSide): Field | undefined {
  return side.fields.find((f) => {
    if (!isTopLevel(f) || !/^(argsz|size|struct_size|structsz|usize|hdr_size|size_of_struct)$/.test(f.path)) return false;
    const t = resolveTypedefs(f.member.type);
    if (t.kind !== 'builtin') return false;
    return Object.values(f.at).every((p) => p!.offset < 16);
  });
}

function samePlaceEverywhere(p: FieldPair, abis: AbiName[]): boolean {
  return abis.every((a) => {
    const b = p.before.at[a];
    const n = p.after.at[a];
    if (!b || !n) return true;
    return b.offset === n.offset && b.size === n.size && b.bitOffset === n.bitOffset;
  });
}

/**
 * A member whose type is an aggregate defined in place (`struct { … } query;`
 * in union bpf_attr) that kept its offset and did not shrink: its own members
 * are pairs of their own, checked where they are, so its type text may grow.
 */
function grewInPlace(p: FieldPair, abis: AbiName[]): boolean {
  const inline = (t: string) => /^(struct|union) \{/.test(t);
  if (!inline(p.before.canonical) || !inline(p.after.canonical)) return false;
  return abis.every((a) => {
    const b = p.before.at[a];
    const n = p.after.at[a];
    return !b || !n || (b.offset === n.offset && n.size >= b.size);
  });
}

/** Every old member where it was, same type, nothing removed, and every new member at or past the old end. */
export function onlyAppended(c: RecordChange, abis: AbiName[]): boolean {
  if (!c.before || !c.after || c.removed.length) return false;
  if (c.pairs.some((p) => p.before.canonical !== p.after.canonical || !samePlaceEverywhere(p, abis))) return false;
  const las = abisWithLayouts(c, abis);
  if (las.length === 0) return false;
  return c.added.every((f) => las.every((a) => (f.at[a]?.offset ?? Infinity) >= c.before!.layouts[a]!.size));
}

/**
 * The struct grew and its old members are untouched: none removed (reserved
 * space carved into new members aside), none moved or re-typed, and the size
 * grew on some ABI and shrank on none. The new members come after the old
 * ones, or — in a union — beside them.
 */
export function grewKeepingOldMembers(c: RecordChange, abis: AbiName[]): boolean {
  if (!c.before || !c.after || c.added.length === 0) return false;
  if (c.removed.some((f) => !carvedInto(c, f, abis))) return false;
  if (c.pairs.some((p) => !isReservedCarve(p, abis) && !grewInPlace(p, abis) && (p.before.canonical !== p.after.canonical || !samePlaceEverywhere(p, abis)))) return false;
  const las = abisWithLayouts(c, abis);
  return las.length > 0 && las.every((a) => c.after!.layouts[a]!.size >= c.before!.layouts[a]!.size) && las.some((a) => c.after!.layouts[a]!.size > c.before!.layouts[a]!.size);
}

/** Another record of the file has a member of this record's type (or an array of it). */
export function embeddedInFile(records: RecordChange[], c: RecordChange): boolean {
  return embeddersOf(records, c).length > 0;
}

function embeddersOf(records: RecordChange[], c: RecordChange): { record: RecordChange; field: Field }[] {
  const out: { record: RecordChange; field: Field }[] = [];
  for (const o of records) {
    if (o === c) continue;
    const field = o.after?.fields.find((f) => f.canonical === c.symbol || f.canonical.startsWith(`${c.symbol} [`));
    if (field) out.push({ record: o, field });
  }
  return out;
}

/**
 * Whether a record of the file that embeds `c` lays out differently for it:
 * its size or some old member's place changes on some ABI. One that keeps
 * its size and every member's place moves nothing, though its alignment may
 * rise with `c`'s (VFIO's vfio_region_info_cap_sparse_mmap, whose flexible
 * array of vfio_region_sparse_mmap_area already sat at an offset of 16 when
 * 6.8 made that struct's members __aligned_u64); nor does a record the
 * series adds.
 */
export function embeddedMoving(records: RecordChange[], c: RecordChange, abis: AbiName[]): boolean {
  return embeddersOf(records, c).some(({ record: o }) => {
    if (!o.before || !o.after) return false;
    if (o.removed.length > 0) return true;
    const las = abisWithLayouts(o, abis);
    return !las.every((a) => o.before!.layouts[a]!.size === o.after!.layouts[a]!.size) || !o.pairs.every((p) => samePlaceEverywhere(p, abis));
  });
}

/**
 * The records of the file that embed `c` (a member of a union such as
 * v4l2_format's `fmt`, sized by its `raw_data[200]`), when there are some and
 * every one keeps its size on every ABI: `c` grew into space they already
 * had, and nothing passes `c` on its own. Null otherwise.
 */
export function absorbedBy(records: RecordChange[], c: RecordChange, abis: AbiName[]): { record: RecordChange; field: Field }[] | null {
  const embedders = embeddersOf(records, c);
  if (embedders.length === 0) return null;
  const kept = embedders.every(({ record: o }) => {
    const las = abisWithLayouts(o, abis);
    return las.length > 0 && las.every((a) => o.before!.layouts[a]!.size === o.after!.layouts[a]!.size);
  });
  return kept ? embedders : null;
}

/** `symbol` is the argument type of an `_IO*` request of the file. */
export function isRequestArgument(diff: FileDiff, symbol: string): boolean {
  return diff.macros.some((m) => Object.values(m.after?.ioctl ?? {}).some((n) => n?.argType === symbol));
}

/**
 * Only the alignment changed, upwards, on some ABI: the same members, at the
 * same offsets with the same sizes, and the same sizeof everywhere
 * (`__u64` → `__aligned_u64` in a struct already padded to 8 bytes).
 */
export function onlyAlignmentRaised(c: RecordChange, abis: AbiName[]): boolean {
  // new members may sit beside old ones (nbd_reply's `__be64 cookie` in a union with `char handle[8]`):
  // the size and every old member's place are checked below
  if (!c.before || !c.after || c.removed.length) return false;
  const las = abisWithLayouts(c, abis);
  if (las.length === 0) return false;
  if (!las.every((a) => c.before!.layouts[a]!.size === c.after!.layouts[a]!.size && c.after!.layouts[a]!.align >= c.before!.layouts[a]!.align)) return false;
  if (!las.some((a) => c.after!.layouts[a]!.align > c.before!.layouts[a]!.align)) return false;
  return c.pairs.every((p) => samePlaceEverywhere(p, abis));
}

/**
 * The alignment drops on some ABI (and rises on none) while the size and the
 * place of every member that stays are unchanged: `__u64 resv` split into
 * two `__u32` (io_uring_napi, 7.2), `__le32` into two `__le16`
 * (virtio_net_hdr_v1_hash). A reserved member carved up (resv → op_param,
 * resv) keeps its storage; members removed are their own findings.
 */
export function onlyAlignmentLowered(c: RecordChange, abis: AbiName[]): boolean {
  if (!c.before || !c.after) return false;
  const las = abisWithLayouts(c, abis);
  if (las.length === 0) return false;
  if (!las.every((a) => c.before!.layouts[a]!.size === c.after!.layouts[a]!.size && c.after!.layouts[a]!.align <= c.before!.layouts[a]!.align)) return false;
  if (!las.some((a) => c.after!.layouts[a]!.align < c.before!.layouts[a]!.align)) return false;
  return c.pairs.every((p) => samePlaceEverywhere(p, abis) || (isReservedName(p.before.path) && liesWithin(p.after, p.before, abis)));
}

/** The ABIs where the alignment differs, grouped by `old → new` (for align-changed, -raised, -lowered). */
export function alignmentChange(c: RecordChange, abis: AbiName[]): { abis: AbiName[]; groups: { value: string; abis: AbiName[] }[]; before: Record<string, number>; after: Record<string, number> } {
  const changed = abisWithLayouts(c, abis).filter((a) => c.before!.layouts[a]!.align !== c.after!.layouts[a]!.align);
  return {
    abis: changed,
    groups: groupByValue(changed, (a) => `${c.before!.layouts[a]!.align} → ${c.after!.layouts[a]!.align}`),
    before: Object.fromEntries(changed.map((a) => [a, c.before!.layouts[a]!.align])),
    after: Object.fromEntries(changed.map((a) => [a, c.after!.layouts[a]!.align])),
  };
}

/** The change appends members to a struct that carries its own size (argsz): old and new callers stay distinguishable. */
export function isExtensibleAppend(c: RecordChange, abis: AbiName[]): boolean {
  return !!c.before && !!c.after && c.added.length > 0 && !!sizeField(c.before) && onlyAppended(c, abis);
}

export function isFlexSpellingChange(p: FieldPair): boolean {
  const b = flexSpelling(p.before.member.type);
  const a = flexSpelling(p.after.member.type);
  return b !== null && a !== null && b !== a;
}

/** The only differences are `[1]`/`[0]` → `[]` conversions of trailing arrays (deprecated.rst). */
export function onlyFlexConversion(c: RecordChange): boolean {
  if (!c.before || !c.after || c.removed.length || c.added.length) return false;
  const conversions = c.pairs.filter(isFlexSpellingChange);
  if (conversions.length === 0) return false;
  return c.pairs.every((p) => isFlexSpellingChange(p) || p.before.canonical === p.after.canonical);
}

export function placeText(f: Field, abi: AbiName): string {
  const p = f.at[abi];
  if (!p) return '?';
  if (p.bitSize !== undefined && p.bitOffset !== undefined) return `bit ${p.bitOffset}:${p.bitSize}`;
  return `${p.offset}`;
}

export function isNewType(c: RecordChange): boolean {
  return !c.before && !!c.after;
}

/** A record whose declaration changed at all (any member added, removed, re-typed, renamed or moved). */
export function isChanged(c: RecordChange, abis: AbiName[]): boolean {
  if (!c.before || !c.after) return false;
  if (c.added.length || c.removed.length) return true;
  if (c.pairs.some((p) => p.how === 'position' || p.before.canonical !== p.after.canonical || !samePlaceEverywhere(p, abis))) return true;
  if (c.pairs.some((p) => (p.before.member.attrs.countedBy ?? '') !== (p.after.member.attrs.countedBy ?? ''))) return true;
  return abis.some((a) => c.before!.layouts[a]?.size !== c.after!.layouts[a]?.size);
}

/** A reserved field (`padding`, `reserved[4]`) that kept its name but shrank inside its old storage,
 *  so new members could be carved out of it: the usual, compatible way to extend a uAPI struct. */
export function isReservedCarve(p: FieldPair, abis: AbiName[]): boolean {
  return isReservedName(p.before.path) && isReservedName(p.after.path) && liesWithin(p.after, p.before, abis);
}

/**
 * `inner` lies within `outer`'s storage on every ABI where both are laid out
 * (and on one at least): its bytes within `outer`'s, or, where `outer` is a
 * bitfield, its bits within `outer`'s bits (perf_event_attr's
 * `__reserved_1:26` → `defer_callchain:1, defer_output:1, __reserved_1:24`).
 */
export function liesWithin(inner: Field, outer: Field, abis: AbiName[]): boolean {
  let compared = 0;
  for (const a of abis) {
    const i = inner.at[a];
    const o = outer.at[a];
    if (!i || !o || i.relative !== o.relative) continue; // offsets from different points do not compare
    const [start, end] = i.bitOffset !== undefined && i.bitSize !== undefined ? [i.bitOffset, i.bitOffset + i.bitSize] : [i.offset * 8, (i.offset + i.size) * 8];
    const [from, to] = o.bitOffset !== undefined && o.bitSize !== undefined ? [o.bitOffset, o.bitOffset + o.bitSize] : [o.offset * 8, (o.offset + o.size) * 8];
    if (start < from || end > to) return false;
    compared++;
  }
  return compared > 0;
}

/** The reserved field of the old layout whose bytes a new field now occupies, on every ABI. */
export function carvedFrom(c: RecordChange, f: Field, abis: AbiName[]): Field | undefined {
  return c.before?.fields.find((b) => isReservedName(b.path) && liesWithin(f, b, abis));
}

/**
 * Removed reserved field `f` whose bytes new members now occupy: carved, not
 * lost. Either new members lie within it, or it lies within a wider new
 * member (kvm_run's hypercall `__u32 longmode; __u32 pad;` became a union of
 * `longmode` and `__u64 flags`).
 */
export function carvedInto(c: RecordChange, f: Field, abis: AbiName[]): boolean {
  return isReservedName(f.path) && c.added.some((g) => carvedFrom(c, g, abis) === f || liesWithin(f, g, abis));
}

/**
 * The ABIs on which new field `f` occupies bytes that were implicit padding
 * (a hole or the tail) of the old layout: old binaries built for them may
 * have left anything there.
 */
export function inFormerPadding(c: RecordChange, f: Field, abis: AbiName[]): AbiName[] {
  if (!c.before) return [];
  return abis.filter((a) => {
    const at = f.at[a];
    const old = c.before!.layouts[a];
    return !!at && !!old && at.offset + at.size <= old.size && !oldMemberIn(c, a, at.offset, at.offset + at.size);
  });
}

/** Some old member (other than `except`) has bytes in [start, end) on `abi`. */
export function oldMemberIn(c: RecordChange, abi: AbiName, start: number, end: number, except?: Field): boolean {
  return !!c.before?.fields.some((g) => {
    const p = g.at[abi];
    return g !== except && p !== undefined && p.size > 0 && p.offset < end && start < p.offset + p.size;
  });
}

/**
 * The ABIs a finding about a record's member is on: those where it is
 * placed, or where the record is only partly known; where it is placed on
 * none (a member type the diff does not declare), those that declare the
 * record, rather than none.
 */
export function placedOrDeclared(placed: AbiName[], abis: readonly AbiName[], present: readonly AbiName[]): AbiName[] {
  return placed.length > 0 ? placed : abis.filter((a) => present.includes(a));
}
