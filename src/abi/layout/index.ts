/**
 * Public API of the layout engine.
 *
 * Error policy: a type without a layout (incomplete struct/enum, `void`, a
 * builtin the ABI lacks such as `__int128` on i386, a record containing
 * itself, an unknown record id) makes `layoutRecord`/`sizeAlignOf` throw a
 * LayoutError (an InputError naming `file:line`). `layoutHeader` never throws
 * for one bad record: it reports it in `failures` and lays out the rest.
 * Records with diff-context placeholders (Member.unknownLines) are laid out
 * with `partial` set (see RecordLayout.partial in layout-types.ts).
 *
 * Results are memoised per (model, ABI, record): a model is plain data and
 * must not be mutated after it was laid out.
 */
import type { CType, TypeModel } from '../../c/type-model.ts';
import type { AbiName, RecordLayout } from '../layout-types.ts';
import { isAbiName } from '../abis.ts';
import { LayoutError } from './layout-errors.ts';
import { LayoutEngine, recordName } from './layout-engine.ts';

export { LayoutError } from './layout-errors.ts';
export { typeText } from './type-text.ts';

const engines = new WeakMap<TypeModel, Map<AbiName, LayoutEngine>>();

function engineFor(model: TypeModel, abi: AbiName): LayoutEngine {
  let perAbi = engines.get(model);
  if (!perAbi) engines.set(model, (perAbi = new Map()));
  let e = perAbi.get(abi);
  if (!e) perAbi.set(abi, (e = new LayoutEngine(model, abi)));
  return e;
}

function abiOf(model: TypeModel, abi?: AbiName): AbiName {
  const name = abi ?? model.abi;
  if (!isAbiName(name)) throw new LayoutError('abi', `unknown ABI '${name}'`);
  return name;
}

/** Layout of the record with this id (RecordDecl.id) on `abi`. Throws LayoutError. */
export function layoutRecord(model: TypeModel, recordId: string, abi: AbiName): RecordLayout {
  return engineFor(model, abiOf(model, abi)).layout(recordId);
}

/** `sizeof` and `_Alignof` of a type on `abi` (alignment as a struct member). Throws LayoutError. */
export function sizeAlignOf(model: TypeModel, type: CType, abi: AbiName): { size: number; align: number } {
  return engineFor(model, abiOf(model, abi)).sizeAlign(type, 'type');
}

export interface HeaderLayout {
  /** Complete records declared in the file, in source order (DESIGN.md naming). */
  records: RecordLayout[];
  /** Records that could not be laid out, with the reason. */
  failures: { name: string; file: string; line: number; reason: string }[];
}

/**
 * The records declared in `file` (all files when omitted), in source order,
 * named as DESIGN.md says: by tag, or a tagless struct/union by its typedef
 * name with `typedef: true`. Tagless records without a typedef name are not
 * listed on their own (they appear expanded inside the members using them).
 */
export function layoutHeader(model: TypeModel, file?: string, abi?: AbiName): HeaderLayout {
  const engine = engineFor(model, abiOf(model, abi));
  const out: HeaderLayout = { records: [], failures: [] };
  const seen = new Set<string>();
  const decls = model.records
    .filter((r) => r.complete && (file === undefined || r.loc.file === file) && (r.tag !== null || r.typedefName))
    .map((r, i) => ({ r, i }))
    // Within one file, source order (a named record nested in another is declared after its parent's start).
    .sort((a, b) => (file === undefined ? a.i - b.i : a.r.loc.line - b.r.loc.line || a.i - b.i));
  for (const { r } of decls) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    try {
      out.records.push(engine.layout(r.id));
    } catch (e) {
      if (!(e instanceof LayoutError)) throw e;
      out.failures.push({ name: `${r.kind} ${recordName(r)}`, file: r.loc.file, line: r.loc.line, reason: e.problem });
    }
  }
  return out;
}
