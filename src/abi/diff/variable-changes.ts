/**
 * In-kernel `extern` variables (`extern unsigned long max_mapnr;`) compared
 * by name between two versions of a header: those the file declares on both
 * sides whose type differs once typedefs are resolved, with the size of each
 * type on every ABI that lays out both (the layout engine's sizeof). A type
 * the front end could not resolve is not compared. Qualifiers are not part
 * of a CType: where the types are the same, the declarations as the
 * header's text spells them are compared, and a change of qualifiers alone
 * (`struct class` → `const struct class`) is a change too (`qualifiersOnly`:
 * code using it compiles as before, a definition left as it was does not).
 * An array declared
 * without its bound on one side (`extern char buf[];`) has the same type as
 * one with it (C11 6.2.7: the declarations name one object); where a side
 * is such an array, the sizes compared are those of an element.
 */
import type { CType, TypeModel, VariableDecl } from '../../c/type-model.ts';
import type { AbiName } from '../layout-types.ts';
import type { LayoutEngine } from './layout-engine.ts';
import type { ModelsByAbi } from './diff-file.ts';
import type { VariableChange } from './types.ts';
import { declaredTypeAt } from './variable-declarations.ts';
import { canonicalType, hasUnresolvedType, lookupFor, resolveTypedefs, writtenType, type TypeLookup } from './type-text.ts';
import type { PointerChange } from './variable-uses.ts';

function declaredIn(model: TypeModel | null, mine: (file: string) => boolean): Map<string, VariableDecl> {
  const out = new Map<string, VariableDecl>();
  for (const v of model?.variables ?? []) if (mine(v.loc.file) && !out.has(v.name)) out.set(v.name, v);
  return out;
}

/** An array type without its bound (`char []`), through typedefs. */
function unbounded(t: CType): boolean {
  const r = resolveTypedefs(t);
  return r.kind === 'array' && r.length === null;
}

/** An array's element type, through typedefs (else the type itself). */
function elementOf(t: CType): CType {
  const r = resolveTypedefs(t);
  return r.kind === 'array' ? r.of : t;
}

/** `t`'s canonical text with the outermost array bound left out: what an unbounded declaration of the same object reads as. */
function withoutBound(t: CType, look: ReturnType<typeof lookupFor>): string {
  const e = elementOf(t);
  return e === t ? canonicalType(t, look) : `${canonicalType(e, look)} []`;
}

/** sizeof the variable `name` (or of its element) on `abi` in `model` (null: not declared there, or no size: an incomplete type). */
function sizeOn(model: TypeModel | undefined, name: string, abi: AbiName, engine: LayoutEngine, mine: (file: string) => boolean, element: boolean): number | null {
  const v = model?.variables?.find((x) => x.name === name && mine(x.loc.file));
  if (!model || !v) return null;
  try {
    return engine.sizeAlignOf(model, element ? elementOf(v.type) : v.type, abi).size;
  } catch {
    return null;
  }
}

/** Whether `before` is a pointer to what `after` is, or the other way round (typedefs resolved, qualifiers aside). */
function pointerChange(before: CType, after: CType, lookBefore: TypeLookup, lookAfter: TypeLookup): PointerChange | null {
  const b = resolveTypedefs(before);
  const a = resolveTypedefs(after);
  if (b.kind === 'pointer' && canonicalType(b.to, lookBefore) === canonicalType(after, lookAfter)) return 'pointer-to-object';
  if (a.kind === 'pointer' && canonicalType(a.to, lookAfter) === canonicalType(before, lookBefore)) return 'object-to-pointer';
  return null;
}

/** `const` and `volatile` left out of a written type. */
function unqualified(type: string): string {
  return type.replace(/\b(?:const|volatile)\b\s*/g, '').trim();
}

/**
 * The variables `before` and `after` (the first ABI's models) both declare
 * in the file, whose types differ; sizes from every ABI's models (`sides`;
 * without them, none). `texts`: the header's text before and after (where
 * the declarations' lines are), for the types as written and changes of
 * qualifiers alone; without them only changes of type are found.
 */
export function variableChanges(
  before: TypeModel | null,
  after: TypeModel | null,
  mine: (file: string) => boolean,
  texts: { before: string | null; after: string | null },
  sides?: { before: ModelsByAbi | null; after: ModelsByAbi | null; abis: readonly AbiName[]; engine: LayoutEngine },
): VariableChange[] {
  if (!before || !after) return [];
  const lines = texts.before !== null && texts.after !== null ? { before: texts.before.split('\n'), after: texts.after.split('\n') } : null;
  const was = declaredIn(before, mine);
  const lookBefore = lookupFor(before);
  const lookAfter = lookupFor(after);
  const out: VariableChange[] = [];
  for (const [name, now] of declaredIn(after, mine)) {
    const old = was.get(name);
    if (!old || hasUnresolvedType(old.type) || hasUnresolvedType(now.type)) continue;
    const declared = {
      before: lines && declaredTypeAt(lines.before, old.loc.line, name),
      after: lines && declaredTypeAt(lines.after, now.loc.line, name),
    };
    if (canonicalType(old.type, lookBefore) === canonicalType(now.type, lookAfter)) {
      const { before: b, after: a } = declared;
      // the same words but for qualifiers: another spelling of the same type is no change
      if (b === null || a === null || b === a || unqualified(b) !== unqualified(a)) continue;
      out.push({ name, line: now.loc.line, before: b, after: a, qualifiersOnly: true, declared, pointerChange: null, measured: 'object', sizes: {} });
      continue;
    }
    const element = unbounded(old.type) || unbounded(now.type);
    if (element && withoutBound(old.type, lookBefore) === withoutBound(now.type, lookAfter)) continue;
    const sizes: VariableChange['sizes'] = {};
    for (const abi of sides?.abis ?? []) {
      const b = sizeOn(sides!.before?.[abi], name, abi, sides!.engine, mine, element);
      const a = sizeOn(sides!.after?.[abi], name, abi, sides!.engine, mine, element);
      if (b !== null && a !== null) sizes[abi] = { before: b, after: a };
    }
    // a typedef whose definition changed reads the same on both sides: say what it stands for
    let spelledBefore = writtenType(old.type, lookBefore);
    let spelledAfter = writtenType(now.type, lookAfter);
    if (spelledBefore === spelledAfter) {
      spelledBefore += ` = ${canonicalType(old.type, lookBefore)}`;
      spelledAfter += ` = ${canonicalType(now.type, lookAfter)}`;
    }
    out.push({
      name, line: now.loc.line, before: spelledBefore, after: spelledAfter, qualifiersOnly: false, declared,
      pointerChange: pointerChange(old.type, now.type, lookBefore, lookAfter),
      measured: element ? 'element' : 'object', sizes,
    });
  }
  return out;
}
