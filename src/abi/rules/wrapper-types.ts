/**
 * A member whose C type changes but whose bytes do not: a one-member wrapper
 * struct added or dropped around the same type (acrn's `guid_t uuid`, where
 * guid_t is `struct { __u8 b[16]; }`, became `__u8 uuid[16]` in 6.x). The
 * bytes mean what they meant on every ABI, so binaries are unaffected; only
 * code that uses the member as the old type (assigns one, takes its address
 * as a pointer to it) stops compiling.
 */
import type { CType, RecordDecl } from '../../c/type-model.ts';
import { recordIdWithin } from '../../c/parse/c-types.ts';
import type { FieldPair, RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { canonicalType, lookupFor, resolveTypedefs, spelledRecord, type TypeLookup } from '../diff/type-text.ts';

const WRAPPER_DEPTH = 4;
const TAGLESS = /^(struct|union) \{/;

/**
 * The type with one-member wrappers taken off: a struct or union whose only
 * member is a named, non-bitfield one, without `aligned` or `packed` of its
 * own (either could change the wrapper's alignment, or its member's), stands
 * for that member's type. Typedefs are looked through.
 */
export function unwrapped(t: CType, look: TypeLookup): { type: CType; through: string[] } {
  let cur = resolveTypedefs(t);
  const through: string[] = [];
  for (let depth = 0; depth < WRAPPER_DEPTH && cur.kind === 'record'; depth++) {
    const r = look.record(cur.id);
    if (!r?.complete || r.members.length !== 1 || r.attrs.aligned !== undefined || r.attrs.packed) break;
    const only = r.members[0]!;
    if (only.name === null || only.bitWidth !== undefined || only.unknownLines || only.attrs.aligned !== undefined) break;
    through.push(only.name);
    cur = resolveTypedefs(only.type);
  }
  return { type: cur, through };
}

/**
 * The pair's types differ, but with one-member wrappers taken off they are
 * the same type, and the member has the same size on every ABI where both
 * sides are placed. For messages: the wrapper as written (`guid_t`), the
 * type inside, the side that has the wrapper (the 'after' side: one was
 * added) and the member names through it (`b`).
 */
export function sameBytesRewrapped(
  c: RecordChange,
  p: FieldPair,
  abis: AbiName[],
): { wrapper: string; inner: string; wrapped: 'before' | 'after'; through: string[] } | null {
  if (!c.before || !c.after || p.before.canonical === p.after.canonical) return null;
  // two tagless records: their own fields are compared one by one
  if (TAGLESS.test(p.before.canonical) && TAGLESS.test(p.after.canonical)) return null;
  const lookBefore = lookupFor(c.before.model);
  const lookAfter = lookupFor(c.after.model);
  const b = unwrapped(p.before.member.type, lookBefore);
  const a = unwrapped(p.after.member.type, lookAfter);
  const inner = canonicalType(b.type, lookBefore);
  if (inner !== canonicalType(a.type, lookAfter)) return null;
  const placed = abis.filter((x) => p.before.at[x] && p.after.at[x]);
  if (placed.length === 0 || placed.some((x) => p.before.at[x]!.size !== p.after.at[x]!.size)) return null;
  const wrapped = inner === p.before.canonical ? 'after' : 'before';
  return { wrapper: p[wrapped].written, inner, wrapped, through: (wrapped === 'after' ? a : b).through };
}

/** The type spelled out with a tagged struct or union (and arrays of one) expanded one level, as tagless ones are. */
function spelledOut(t: CType, look: TypeLookup): string {
  const r = resolveTypedefs(t);
  if (r.kind === 'array') return `${spelledOut(r.of, look)} [${r.length === null ? '' : r.length}]`;
  if (r.kind !== 'record') return canonicalType(r, look);
  const rec = look.record(r.id);
  return rec?.complete ? spelledRecord(rec, look) : canonicalType(r, look);
}

/**
 * A member whose type changes only in the struct's name: tagless to tagged
 * with the same members (acrn_mmiodev's `struct { … } res[3]` became
 * `struct acrn_mmio_dev_res res[3]`, 6.12 → 7.x), or one tag to another
 * (rkisp1's block headers became `struct v4l2_isp_params_block_header`),
 * with the member at the same offset and size on every ABI where both are
 * laid out. What the rename does elsewhere (a type removed, a layout that
 * moved on some ABI) is reported where it happens.
 */
export function retaggedOnly(c: RecordChange, p: FieldPair, abis: AbiName[]): boolean {
  if (!c.before || !c.after || p.before.canonical === p.after.canonical) return false;
  const lookBefore = lookupFor(c.before.model);
  const lookAfter = lookupFor(c.after.model);
  const b = spelledOut(p.before.member.type, lookBefore);
  const a = spelledOut(p.after.member.type, lookAfter);
  if (b !== a) return false;
  const placed = abis.filter((x) => p.before.at[x] && p.after.at[x]);
  if (placed.length > 0) return placed.every((x) => p.before.at[x]!.size === p.after.at[x]!.size && p.before.at[x]!.offset === p.after.at[x]!.offset);
  // Laid out nowhere (diff context: a member type the diff shows only in part): both records shown whole, with the
  // same members and the same attributes, are one layout whatever its numbers (asequencer's tagless `data` union
  // became `union snd_seq_event_data`, 6.1 → 6.12, holding a struct whose head no hunk shows).
  const rb = wholeRecordOf(p.before.member.type, lookBefore);
  const ra = wholeRecordOf(p.after.member.type, lookAfter);
  return rb !== null && ra !== null && attributesOf(rb, lookBefore) === attributesOf(ra, lookAfter);
}

/** The record a type names, through typedefs and arrays. */
function recordOf(t: CType, look: TypeLookup): RecordDecl | undefined {
  const id = recordIdWithin(t);
  return id === null ? undefined : look.record(id);
}

/** The record a type names when it is complete and has no line the diff does not show. */
function wholeRecordOf(t: CType, look: TypeLookup): RecordDecl | null {
  const rec = recordOf(t, look);
  return rec?.complete && !rec.partial && !rec.members.some((m) => m.unknownLines) ? rec : null;
}

/** A record's attributes and its members' in order, those of the tagless records it holds included, as one comparable text. */
function attributesOf(r: RecordDecl, look: TypeLookup, depth = 0): string {
  const inner = (t: CType): string => {
    const rec = recordOf(t, look);
    return rec && !rec.tag && depth < 8 ? attributesOf(rec, look, depth + 1) : '';
  };
  return JSON.stringify([r.attrs, ...r.members.map((m) => [m.attrs, inner(m.type)])]);
}

/** A field reached through a member that was only retagged (`res.user_vm_pa` when `res` was): it is still there. */
export function throughRetagged(c: RecordChange, f: { path: string }, abis: AbiName[]): boolean {
  return c.pairs.some((p) => f.path.startsWith(`${p.before.path}.`) && retaggedOnly(c, p, abis));
}
