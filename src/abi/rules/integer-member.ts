/**
 * A member's integer type as the uAPI spells its representation: the
 * builtin it resolves to, without signedness, its signedness, and the byte
 * order its typedefs declare (`__le32`, `__be64`, `__aligned_be64` …; null
 * for CPU order). Plain `char` (signedness depends on the ABI) and
 * non-integers have none.
 */
import type { CType } from '../../c/type-model.ts';
import type { FieldPair } from '../diff/types.ts';
import { resolveTypedefs, typedefChain } from '../diff/type-text.ts';
import { abiModel } from '../abis.ts';
import type { AbiName } from '../layout-types.ts';

export interface IntegerMember {
  /** The builtin without `unsigned`/`signed`: 'int', 'long long', 'char' (for signed/unsigned char) … */
  rank: string;
  signed: boolean;
  byteOrder: 'le' | 'be' | null;
}

const BYTE_ORDER = /^__(?:aligned_)?(le|be)(16|32|64)$/;

export function integerMember(t: CType): IntegerMember | null {
  const r = resolveTypedefs(t);
  if (r.kind !== 'builtin' || r.name === 'char' || /float|double|_Bool/.test(r.name)) return null;
  const unsigned = r.name.startsWith('unsigned ');
  const rank = r.name.replace(/^(un)?signed /, '');
  const order = typedefChain(t).map((n) => BYTE_ORDER.exec(n)?.[1]).find((o) => o !== undefined) as 'le' | 'be' | undefined;
  return { rank, signed: !unsigned, byteOrder: order ?? null };
}

/** The element type of arrays of the same dimensions on both sides (`unsigned int [32]` → `int [32]`), else the types. */
function elements(b: CType, a: CType): [CType, CType] | null {
  const rb = resolveTypedefs(b);
  const ra = resolveTypedefs(a);
  if (rb.kind !== 'array' && ra.kind !== 'array') return [b, a];
  if (rb.kind !== 'array' || ra.kind !== 'array' || rb.length !== ra.length) return null;
  return elements(rb.of, ra.of);
}

/** Both sides integers (or arrays of them, of the same dimensions) of the same size on every ABI laid out both times (and at least one). */
export function sameSizeIntegers(p: FieldPair): { before: IntegerMember; after: IntegerMember } | null {
  const el = elements(p.before.member.type, p.after.member.type);
  if (!el) return null;
  const before = integerMember(el[0]);
  const after = integerMember(el[1]);
  if (!before || !after || p.before.member.bitWidth !== undefined || p.after.member.bitWidth !== undefined) return null;
  const abis = Object.keys(p.after.at) as (keyof FieldPair['after']['at'])[];
  const both = abis.filter((a) => p.before.at[a] && p.after.at[a]);
  if (both.length === 0 || both.some((a) => p.before.at[a]!.size !== p.after.at[a]!.size)) return null;
  return { before, after };
}

/**
 * Only the signedness differs (the byte order may have been annotated too):
 * uapi.member-signedness-changed, not a type change. The two sides, or null.
 */
export function signednessOnlyChange(p: FieldPair): { before: IntegerMember; after: IntegerMember } | null {
  const ints = sameSizeIntegers(p);
  if (!ints || ints.before.rank !== ints.after.rank || ints.before.signed === ints.after.signed) return null;
  const { before, after } = ints;
  return before.byteOrder === after.byteOrder || before.byteOrder === null || after.byteOrder === null ? ints : null;
}

/**
 * Another spelling of the same representation: integers (or arrays of them)
 * of the same size, signedness and byte order on every ABI, whose builtins
 * differ only in rank (`uint64_t` → `__u64`: unsigned long → unsigned long
 * long on LP64 ABIs, both 8-byte unsigned). No binary changes.
 */
export function sameRepresentation(p: FieldPair): boolean {
  const ints = sameSizeIntegers(p);
  return ints !== null && ints.before.signed === ints.after.signed && ints.before.byteOrder === ints.after.byteOrder;
}

/**
 * Plain `char` on one side, `signed char` or `unsigned char` on the other
 * (or arrays of them alike), same size everywhere: the ABIs whose char has
 * the other signedness, where values above 127 now read differently; none
 * where it was already that. Null for anything else.
 */
export function charSignednessChange(p: FieldPair, abis: AbiName[]): { abis: AbiName[]; becomes: 'signed' | 'unsigned' } | null {
  const el = elements(p.before.member.type, p.after.member.type);
  if (!el || p.before.member.bitWidth !== undefined || p.after.member.bitWidth !== undefined) return null;
  const [b, a] = el.map((t) => resolveTypedefs(t));
  if (b!.kind !== 'builtin' || a!.kind !== 'builtin') return null;
  const plainBefore = b!.name === 'char';
  const explicit = plainBefore ? a!.name : b!.name;
  if ((plainBefore ? a!.name : b!.name) === 'char' || !/^(un)?signed char$/.test(explicit) || (!plainBefore && a!.name !== 'char')) return null;
  const explicitSigned = explicit === 'signed char';
  const differing = abis.filter((x) => abiModel(x).charSigned !== explicitSigned);
  // the side that ends up explicit decides what the member now is on those ABIs
  const becomes = plainBefore ? (explicitSigned ? 'signed' : 'unsigned') : explicitSigned ? 'unsigned' : 'signed';
  return { abis: differing, becomes };
}
