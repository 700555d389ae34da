/** Test helpers: parse C text as if it were preprocessed output of one file. */
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { parseTranslationUnit, type ParseOptions } from '../../../src/c/parse/parse-translation-unit.ts';
import type { Member, RecordDecl, TypeModel } from '../../../src/c/type-model.ts';

export const LAYOUT = { sizeAlignOf, layoutRecord };

export function parseText(text: string, abi: AbiName = 'x86_64', opts: ParseOptions = {}, file = 't.h'): TypeModel {
  const origins = text.split('\n').map((_, i) => ({ file, line: i + 1 }));
  return parseTranslationUnit(text, origins, abi, { layout: LAYOUT, ...opts });
}

export function record(model: TypeModel, tagOrTypedef: string): RecordDecl {
  const r = model.records.find((x) => x.complete && (x.tag === tagOrTypedef || x.typedefName === tagOrTypedef));
  if (!r) throw new Error(`no record ${tagOrTypedef}`);
  return r;
}

export function member(model: TypeModel, rec: string, name: string): Member {
  const m = record(model, rec).members.find((x) => x.name === name);
  if (!m) throw new Error(`no member ${rec}.${name}`);
  return m;
}

export function errors(model: TypeModel): string[] {
  return model.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.file}:${d.loc.line}: ${d.message}`);
}

/** A model as comparable data (enum values are bigints). */
export function plainModel(m: TypeModel): unknown {
  const { records, enums, typedefs, functions, diagnostics } = m;
  return JSON.parse(JSON.stringify({ records, enums, typedefs, functions, diagnostics }, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
}
