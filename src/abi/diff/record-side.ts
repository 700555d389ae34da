/**
 * One record on one side of a change, on every ABI: its declaration, its
 * layouts, and its fields as userspace names them (anonymous aggregates looked
 * through), each with its place on every ABI.
 */
import type { Member, RecordDecl, TypeModel } from '../../c/type-model.ts';
import type { AbiName, MemberLayout, RecordLayout } from '../layout-types.ts';
import type { LayoutEngine } from './layout-engine.ts';
import type { Field, FieldPlace, RecordSide, TopMember } from './types.ts';
import { canonicalType, isFunctionPointer, lookupFor, resolveTypedefs, writtenType, type TypeLookup } from './type-text.ts';

interface FlatField {
  path: string;
  member: Member;
  anonymous: ('struct' | 'union')[];
  top: number;
  segment: number;
  place?: FieldPlace;
}

/** The tagless record a member's type names (directly or as an array element), if any. */
function taglessRecordOf(m: Member, look: TypeLookup): RecordDecl | undefined {
  let t = resolveTypedefs(m.type);
  while (t.kind === 'array') t = resolveTypedefs(t.of);
  if (t.kind !== 'record') return undefined;
  const r = look.record(t.id);
  if (!r || r.tag) return undefined;
  // A member whose type is a typedef'd tagless record (`foo_t x;`) is not expanded
  // (DESIGN.md: members of named or typedef'd types are not expanded).
  if (r.typedefName && resolveTypedefs(m.type) !== m.type) return undefined;
  return r;
}

function flatten(
  decl: RecordDecl,
  layoutMembers: MemberLayout[] | undefined,
  look: TypeLookup,
  out: FlatField[],
  ctx: { prefix: string; anonymous: ('struct' | 'union')[]; base: number; top: number | null; segment: { n: number }; relative?: string },
): void {
  let li = 0;
  decl.members.forEach((m, i) => {
    const top = ctx.top ?? i;
    if (m.unknownLines) {
      ctx.segment.n++;
      return;
    }
    if (m.name === null && m.bitWidth !== undefined) return; // unnamed bitfield: not in layouts
    const lm = layoutMembers?.[li++];
    const place: FieldPlace | undefined = lm
      ? {
          offset: ctx.base + lm.offset,
          size: lm.size,
          ...(lm.bitOffset !== undefined ? { bitOffset: ctx.base * 8 + lm.bitOffset, bitSize: lm.bitSize } : {}),
          ...(ctx.relative ? { relative: ctx.relative } : lm.segment ? { relative: `segment ${lm.segment}` } : {}),
        }
      : undefined;
    const inner = taglessRecordOf(m, look);
    if (m.name === null) {
      if (inner) {
        flatten(inner, lm?.members, look, out, {
          prefix: ctx.prefix,
          anonymous: [...ctx.anonymous, inner.kind],
          base: place?.offset ?? 0,
          top,
          segment: ctx.segment,
          ...(place?.relative ? { relative: place.relative } : {}),
        });
      }
      return;
    }
    out.push({ path: ctx.prefix + m.name, member: m, anonymous: ctx.anonymous, top, segment: ctx.segment.n, place });
    if (inner) {
      flatten(inner, lm?.members, look, out, {
        prefix: `${ctx.prefix}${m.name}.`,
        anonymous: ctx.anonymous,
        base: place?.offset ?? 0,
        top,
        segment: ctx.segment,
        ...(place?.relative ? { relative: place.relative } : {}),
      });
    }
  });
}

function alignUp(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

/**
 * Offsets of the top-level members of a record that cannot be laid out whole
 * (a partial record, or one holding a member of a type the diff does not
 * declare): from the start up to the first member whose size is not known,
 * then relative to the start of each run of members after such a member
 * (unknown lines, a type not known here, a bitfield), as FieldPlace.relative
 * says. Members of a union are all at 0.
 */
function relativePlaces(decl: RecordDecl, model: TypeModel, abi: AbiName, engine: LayoutEngine): (FieldPlace | undefined)[] {
  const out: (FieldPlace | undefined)[] = [];
  const union = decl.kind === 'union';
  let cur = 0;
  let relative: string | undefined;
  let unknownRuns = 0;
  const lost = (from: string) => {
    cur = 0;
    if (!union) relative = from;
    out.push(undefined);
  };
  for (const m of decl.members) {
    if (m.unknownLines) { lost(`unknown lines ${++unknownRuns}`); continue; }
    if (m.bitWidth !== undefined) { lost(`after ${m.name ?? 'a bitfield'} ${out.length}`); continue; }
    try {
      const { size, align } = engine.sizeAlignOf(model, m.type, abi);
      const a = decl.attrs.packed || m.attrs.packed ? 1 : Math.max(align, m.attrs.aligned ?? 1);
      cur = union ? 0 : alignUp(cur, a);
      out.push({ offset: cur, size, ...(relative ? { relative } : {}) });
      cur += size;
    } catch {
      lost(`after ${m.name ?? 'a member'} ${out.length}`);
    }
  }
  return out;
}

/**
 * The empty struct `__DECLARE_FLEX_ARRAY(T, x)` puts before `x[]`
 * (`struct { } __empty_x;`, stddef.h): no storage and no name userspace
 * uses, so no field for a rule to report as gained, lost or moved.
 */
function isFlexArrayFiller(f: FlatField, look: ReturnType<typeof lookupFor>): boolean {
  return /(^|\.)__empty_\w+$/.test(f.path) && writtenType(f.member.type, look) === 'struct (anon)';
}

export function recordSymbol(r: RecordDecl): string | null {
  if (r.tag) return `${r.kind} ${r.tag}`;
  if (r.typedefName) return r.typedefName;
  return null;
}

/** Finds the complete record called `symbol` in a model (tag or typedef name), declared in `path`. */
export function findRecord(model: TypeModel, symbol: string, inFile?: (file: string) => boolean): RecordDecl | undefined {
  let found: RecordDecl | undefined;
  for (const r of model.records) {
    if (recordSymbol(r) !== symbol) continue;
    if (inFile && !inFile(r.loc.file)) continue;
    if (!found || (!found.complete && r.complete)) found = r;
  }
  return found;
}

export function buildRecordSide(
  symbol: string,
  perAbi: Partial<Record<AbiName, { model: TypeModel; decl: RecordDecl }>>,
  abis: AbiName[],
  engine: LayoutEngine,
): RecordSide | null {
  const present = abis.filter((a) => perAbi[a]);
  if (present.length === 0) return null;
  const primaryAbi = present[0];
  const { model, decl } = perAbi[primaryAbi]!;
  const partial = !!decl.partial || decl.members.some((m) => m.unknownLines);
  const layouts: Partial<Record<AbiName, RecordLayout>> = {};
  const partialLayouts: Partial<Record<AbiName, RecordLayout>> = {};
  const layoutProblems: string[] = [];
  const flatByAbi = new Map<AbiName, Map<string, FlatField>>();
  const topPlaces = new Map<AbiName, (FieldPlace | undefined)[]>();
  let primaryFlat: FlatField[] = [];

  for (const abi of present) {
    const side = perAbi[abi]!;
    const look = lookupFor(side.model);
    let layout: RecordLayout | undefined;
    if (side.decl.complete) {
      try {
        layout = engine.layoutRecord(side.model, side.decl.id, abi);
        // partial too when a member's type is a record the diff shows only part of (layout-engine.ts)
        if (partial || layout.partial) partialLayouts[abi] = layout;
        else layouts[abi] = layout;
      } catch (e) {
        layoutProblems.push(`${abi}: ${(e as Error).message}`);
      }
    }
    const flat: FlatField[] = [];
    flatten(side.decl, layout?.members, look, flat, { prefix: '', anonymous: [], base: 0, top: null, segment: { n: 0 } });
    if (abi === primaryAbi) primaryFlat = flat;
    flatByAbi.set(abi, new Map(flat.map((f) => [f.path, f])));
    if (layout) {
      const tops: (FieldPlace | undefined)[] = [];
      let li = 0;
      for (const m of side.decl.members) {
        if (m.unknownLines || (m.name === null && m.bitWidth !== undefined)) { tops.push(undefined); continue; }
        const lm = layout.members[li++];
        tops.push(lm ? { offset: lm.offset, size: lm.size, ...(lm.bitOffset !== undefined ? { bitOffset: lm.bitOffset, bitSize: lm.bitSize } : {}), ...(lm.segment ? { relative: `segment ${lm.segment}` } : {}) } : undefined);
      }
      topPlaces.set(abi, tops);
    } else if (partial || side.decl.complete) {
      topPlaces.set(abi, relativePlaces(side.decl, side.model, abi, engine));
    }
  }

  const look = lookupFor(model);
  const fields: Field[] = primaryFlat.filter((f) => !isFlexArrayFiller(f, look)).map((f, order) => {
    const at: Partial<Record<AbiName, FieldPlace>> = {};
    for (const abi of present) {
      const other = flatByAbi.get(abi)!.get(f.path);
      if (other?.place) at[abi] = other.place;
      else if ((partial || !layouts[abi]) && other && other.anonymous.length === 0 && other.path.indexOf('.') < 0) {
        const rel = topPlaces.get(abi)?.[other.top];
        if (rel) at[abi] = rel;
      }
    }
    return {
      path: f.path,
      member: f.member,
      written: writtenType(f.member.type, look),
      canonical: canonicalType(f.member.type, look),
      anonymous: f.anonymous,
      order,
      segment: f.segment,
      top: f.top,
      at,
    };
  });

  const top: TopMember[] = decl.members.map((m, i) => {
    const at: Partial<Record<AbiName, FieldPlace>> = {};
    for (const abi of present) {
      const p = topPlaces.get(abi)?.[i];
      const otherDecl = perAbi[abi]!.decl;
      if (p && otherDecl.members.length === decl.members.length) at[abi] = p;
    }
    return {
      member: m,
      name: m.name,
      ...(m.unknownLines ? { unknown: m.unknownLines } : {}),
      written: m.unknownLines ? '' : writtenType(m.type, look),
      canonical: m.unknownLines ? '' : canonicalType(m.type, look),
      isFunctionPointer: !m.unknownLines && isFunctionPointer(m.type),
      at,
    };
  });

  return { symbol, decl, model, present, layouts, partialLayouts, fields, top, partial, layoutProblems };
}
