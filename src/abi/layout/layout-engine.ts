/**
 * GCC's record layout algorithm (gcc/stor-layout.cc: layout_decl,
 * update_alignment_for_field, place_field, place_union_field,
 * finalize_record_size) over a TypeModel, for one ABI data model.
 *
 * Positions are tracked in bits like GCC does, so bitfield offsets come out in
 * allocation (storage) order: on big-endian targets bit 0 is the MSB of byte 0,
 * which is what DW_AT_data_bit_offset says.
 *
 * `#pragma pack(N)` is RecordDecl.maxFieldAlign (GCC's maximum_field_alignment).
 * Not modelled (never seen in uAPI headers): ms_struct layout, variable-length
 * members.
 */
import type { CType, Member, RecordDecl, SourceLoc, TypeModel } from '../../c/type-model.ts';
import type { AbiName, MemberLayout, RecordLayout } from '../layout-types.ts';
import { ABIS, machineModeBytes, wordBytesOf, type AbiModel, type BuiltinName, type SizeAlign } from '../abis.ts';
import { LayoutError } from './layout-errors.ts';
import { indexModel, type ModelIndex } from './model-index.ts';
import { typeText } from './type-text.ts';
import { recordIdWithin } from '../../c/parse/c-types.ts';

const BITS = 8;

function roundUp(v: number, to: number): number {
  return to <= 1 ? v : Math.ceil(v / to) * to;
}

/** Largest power of two dividing v (in bits); Infinity for 0 (GCC's known_align 0 = "anything"). */
function knownAlign(bitpos: number): number {
  if (bitpos === 0) return Infinity;
  let a = 1; // not `bitpos & -bitpos`: positions can exceed 32 bits
  while (bitpos % (a * 2) === 0) a *= 2;
  return a;
}

/** GCC's excess_unit_span: would a field of `size` bits at `pos` span more `align`-bit units than its type has? */
function excessUnitSpan(pos: number, size: number, align: number, typeSizeBits: number): boolean {
  const offset = pos % align;
  return Math.floor((offset + size + align - 1) / align) > Math.floor(typeSizeBits / align);
}

/** The integer-mode sizes GCC can turn a bitfield of exactly that width into (QI/HI/SI/DI/TI). */
const INT_MODE_BITS = new Set([8, 16, 32, 64, 128]);

export class LayoutEngine {
  readonly abi: AbiModel;
  private get ix(): ModelIndex {
    return indexModel(this.model);
  }
  private readonly records = new Map<string, RecordLayout>();
  private readonly inProgress = new Set<string>();

  constructor(readonly model: TypeModel, abiName: AbiName) {
    this.abi = ABIS[abiName];
  }

  /** Size and alignment (as a struct member, i.e. `_Alignof`) of a type; throws LayoutError if it has none. */
  sizeAlign(t: CType, loc: SourceLoc | string): SizeAlign {
    switch (t.kind) {
      case 'builtin': {
        const sa = this.abi.builtins[t.name as BuiltinName];
        if (!sa) throw new LayoutError(loc, `type '${t.name}' does not exist on ${this.abi.name}`);
        return sa;
      }
      case 'pointer':
        return this.abi.pointer;
      case 'array': {
        const el = this.sizeAlign(t.of, loc);
        return { size: t.length ? t.length * el.size : 0, align: el.align };
      }
      case 'typedef': {
        if (t.unknown) throw new LayoutError(loc, `unknown type name '${t.name}'`);
        const inner = this.sizeAlign(t.to, loc);
        const aligned = this.ix.typedefs.get(t.name)?.attrs.aligned;
        // On a typedef, aligned(N) may lower the alignment as well as raise it.
        return aligned ? { size: inner.size, align: aligned } : inner;
      }
      case 'record': {
        const r = this.layout(t.id, loc);
        return { size: r.size, align: r.align };
      }
      case 'enum':
        return this.enumSizeAlign(t.id, loc);
      case 'void':
        throw new LayoutError(loc, "type 'void' has no size");
      case 'function':
        throw new LayoutError(loc, 'a function type has no size');
    }
  }

  private enumSizeAlign(id: string, loc: SourceLoc | string): SizeAlign {
    const e = this.ix.enums.get(id);
    if (!e || e.enumerators.length === 0) throw new LayoutError(loc, `incomplete type 'enum ${e?.tag ?? id}'`);
    let min = 0n;
    let max = 0n;
    for (const x of e.enumerators) {
      if (x.value < min) min = x.value;
      if (x.value > max) max = x.value;
    }
    const fits = (bytes: number): boolean => {
      const bits = BigInt(bytes * 8);
      return min < 0n ? min >= -(1n << (bits - 1n)) && max < 1n << (bits - 1n) : max < 1n << bits;
    };
    const intOf = (bytes: number): SizeAlign => {
      const name: BuiltinName = bytes === 1 ? 'char' : bytes === 2 ? 'short' : bytes === 4 ? 'int' : bytes === 8 ? 'long long' : '__int128';
      const sa = this.abi.builtins[name];
      // mode(TI) on a 32-bit ABI: GCC says "unable to emulate 'TI'"
      if (!sa) throw new LayoutError(loc, `enum ${e.tag ?? id}: no ${bytes}-byte integer on ${this.abi.name} for mode(${e.attrs.mode})`);
      return sa;
    };
    let sa: SizeAlign;
    // GCC's mode(M) fixes the size (the kernel's `} __mode(byte);`)
    const modeBytes = e.attrs.mode !== undefined ? machineModeBytes(e.attrs.mode, { pointerBytes: this.abi.pointer.size, wordBytes: wordBytesOf(this.abi.name) }) : null;
    if (modeBytes !== null) sa = intOf(modeBytes);
    else if (e.attrs.packed) sa = intOf([1, 2, 4].find(fits) ?? 8);
    else sa = intOf(fits(4) ? 4 : 8);
    return e.attrs.aligned && e.attrs.aligned > sa.align ? { size: sa.size, align: e.attrs.aligned } : sa;
  }

  /** Layout of a record by id (memoised). */
  layout(id: string, loc: SourceLoc | string = id): RecordLayout {
    const done = this.records.get(id);
    if (done) return done;
    const r = this.ix.records.get(id);
    if (!r) throw new LayoutError(loc, `unknown record '${id}'`);
    if (!r.complete) throw new LayoutError(loc, `incomplete type '${r.kind} ${r.tag ?? r.typedefName ?? id}'`);
    if (this.inProgress.has(id)) throw new LayoutError(r.loc, `${r.kind} '${r.tag ?? id}' contains itself`);
    this.inProgress.add(id);
    try {
      const l = this.place(r);
      this.records.set(id, l);
      return l;
    } finally {
      this.inProgress.delete(id);
    }
  }

  private place(r: RecordDecl): RecordLayout {
    const abi = this.abi;
    const isUnion = r.kind === 'union';
    const recPacked = !!r.attrs.packed;
    // #pragma pack(N): GCC's maximum_field_alignment, in bits (0 = none).
    const maxFieldAlign = (r.maxFieldAlign ?? 0) * BITS;
    const capped = (a: number) => (maxFieldAlign ? Math.min(a, maxFieldAlign) : a);
    let recAlign = Math.max(BITS, (r.attrs.aligned ?? 0) * BITS);
    let bitpos = 0;
    let unionBits = 0;
    let segment = 0;
    // Alignment (bits) the current segment's origin is known to have: that of
    // its first member. A later member that needs more cannot be placed
    // relative to the origin (its padding depends on where the unknown lines
    // end), so it opens a new segment of its own.
    let originAlign = 0;
    // Bits of the known segments before the current one: the size stays a lower bound.
    let carriedBits = 0;
    const unknownLines: { start: number; end: number }[] = [];
    const out: MemberLayout[] = [];
    /** Some member's type is a record the diff shows only part of. */
    let partialMembers = false;
    /** What follows starts a new segment (a struct's), its origin aligned to `align` (0: set by its first member). */
    const newSegment = (align: number): void => {
      segment++;
      carriedBits += bitpos;
      bitpos = 0;
      originAlign = align;
    };

    for (const m of r.members) {
      if (m.unknownLines) {
        // Diff-context placeholder: what follows starts a new segment whose
        // absolute position cannot be known.
        unknownLines.push(m.unknownLines);
        segment++;
        originAlign = 0;
        if (!isUnion) {
          carriedBits += bitpos;
          bitpos = 0;
        }
        continue;
      }
      const t = this.sizeAlign(m.type, m.loc);
      const userAlign = (m.attrs.aligned ?? 0) * BITS;
      const typeAlign = t.align * BITS;
      if (isUnion) bitpos = 0;
      // A record the diff shows only part of (diff context: `struct _aarch64_ctx head;` whose
      // `__u32 size;` is on lines not shown): its size and alignment are lower bounds, so a
      // member of its type is placed as if unknown lines came before it (unless it is first)
      // and after it.
      const partialType = m.bitWidth === undefined && this.isPartial(m.type, m.loc);
      if (partialType) {
        partialMembers = true;
        if (!isUnion && bitpos > 0) newSegment(0);
      }

      if (m.bitWidth === undefined) {
        // layout_decl for an ordinary field: the type's alignment, raised by
        // aligned(N); packed drops it to a byte unless the member itself says aligned(N).
        const packed = m.attrs.packed || recPacked;
        let align = userAlign ? (packed ? userAlign : Math.max(userAlign, typeAlign)) : packed ? BITS : typeAlign;
        align = Math.max(capped(align), BITS);
        recAlign = Math.max(recAlign, align);
        if (segment > 0 && !isUnion) {
          if (originAlign === 0) originAlign = align;
          else if (align > originAlign) newSegment(align);
        }
        bitpos = roundUp(bitpos, align);
        out.push(this.memberLayout(m, bitpos, t.size, segment));
        bitpos += t.size * BITS;
        unionBits = Math.max(unionBits, bitpos);
        if (partialType && !isUnion) newSegment(0);
        continue;
      }

      const width = m.bitWidth;
      const typeSizeBits = t.size * BITS;
      // DECL_PACKED: from the member or a packed record, whatever the type's alignment: a
      // `char m:8` of a packed struct straddles bytes since GCC 4.4 ("offset of packed
      // bit-field has changed"), and so does a field of a type aligned(1).
      const packed = !!m.attrs.packed || recPacked;
      const named = m.name !== null;

      if (width === 0) {
        // A zero-width bitfield aligns the next field; packed does not apply to it.
        let align: number;
        if (abi.bitfields.typeMatters) align = Math.max(typeAlign, userAlign);
        else align = Math.max(userAlign, abi.bitfields.emptyFieldBoundary * BITS, 1);
        if (abi.bitfields.typeMatters) {
          if (named || abi.bitfields.unnamedContributeAlignment) recAlign = Math.max(recAlign, align, typeAlign);
        } else {
          recAlign = Math.max(recAlign, align);
        }
        if (!isUnion) bitpos = roundUp(bitpos, align);
        continue;
      }

      // DECL_ALIGN of a bitfield: 1 bit unless aligned(N) was given.
      let declAlign = userAlign || 1;
      const known = isUnion ? Infinity : knownAlign(bitpos);
      if (INT_MODE_BITS.has(width)) {
        // A bitfield exactly as wide as an integer mode, already at a position
        // aligned for that mode (a union's always is), becomes an ordinary field
        // of that mode (GCC's layout_decl). Its alignment is the mode's, which
        // the in-struct reduction (i386: long long to 4) lowers unless the field
        // has an aligned attribute: `unsigned long long m:64 __attribute__((aligned(1)))`
        // aligns a union to 8 on i386.
        const xalign = Math.min(width, abi.maxModeAlignment * BITS);
        if (!(xalign > BITS && packed) && known >= xalign) declAlign = Math.max(declAlign, userAlign ? xalign : Math.min(xalign, typeAlign));
      }
      if (packed && !userAlign) declAlign = Math.min(declAlign, BITS);
      declAlign = capped(declAlign);

      if (abi.bitfields.typeMatters) {
        if (named || abi.bitfields.unnamedContributeAlignment) {
          const ta = maxFieldAlign ? capped(typeAlign) : packed ? Math.min(typeAlign, BITS) : typeAlign;
          recAlign = Math.max(recAlign, declAlign, ta);
        }
      } else {
        recAlign = Math.max(recAlign, declAlign);
      }
      if (known < declAlign) bitpos = roundUp(bitpos, declAlign);
      if (abi.bitfields.typeMatters && !packed && !maxFieldAlign && excessUnitSpan(bitpos, width, typeAlign, typeSizeBits)) {
        bitpos = roundUp(bitpos, typeAlign);
      }
      if (named) {
        const ml = this.memberLayout(m, Math.floor(bitpos / BITS) * BITS, t.size, segment);
        ml.bitOffset = bitpos;
        ml.bitSize = width;
        out.push(ml);
      }
      bitpos += width;
      unionBits = Math.max(unionBits, bitpos);
    }

    const usedBits = isUnion ? unionBits : carriedBits + bitpos;
    const size = roundUp(roundUp(usedBits, BITS), recAlign) / BITS;
    const layout: RecordLayout = {
      kind: r.kind,
      name: recordName(r),
      ...(r.tag === null && r.typedefName ? { typedef: true } : {}),
      size,
      align: recAlign / BITS,
      members: out,
    };
    if (segment > 0 || r.partial || partialMembers) {
      layout.partial = {
        reason: 'part of the definition lies in lines the diff does not show; offsets after them are relative and size/alignment are lower bounds',
        unknownLines,
      };
    }
    return layout;
  }

  /** Whether `t` (through typedefs and arrays) is a record laid out as partial (diff context). */
  private isPartial(t: CType, loc: SourceLoc | string): boolean {
    const id = recordIdWithin(t);
    return id !== null && this.layout(id, loc).partial !== undefined;
  }

  private memberLayout(m: Member, bitpos: number, size: number, segment: number): MemberLayout {
    const ml: MemberLayout = {
      name: m.name ?? '(anon)',
      offset: bitpos / BITS,
      size,
      type: typeText(this.model, m.type),
    };
    if (segment > 0) ml.segment = segment;
    const nested = this.expandableRecord(m);
    if (nested) {
      const l = this.layout(nested.id, m.loc);
      ml.kind = l.kind;
      ml.members = l.members;
      if (m.type.kind === 'array') ml.elementSize = l.size;
    }
    return ml;
  }

  /** The record whose members are listed under this member: anonymous members and tagless record types (or arrays of them). */
  private expandableRecord(m: Member): RecordDecl | null {
    let t = m.type;
    while (t.kind === 'array') t = t.of;
    if (t.kind !== 'record') return null;
    const r = this.ix.records.get(t.id);
    if (!r) return null;
    return m.name === null || r.tag === null ? r : null;
  }
}

export function recordName(r: RecordDecl): string {
  return r.tag ?? r.typedefName ?? '(anon)';
}
