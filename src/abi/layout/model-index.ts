/** Lookup tables over one TypeModel, built once per model (WeakMap-cached). */
import type { EnumDecl, RecordDecl, TypeModel, TypedefDecl } from '../../c/type-model.ts';

export interface ModelIndex {
  /** Complete definition preferred over forward declarations. */
  records: Map<string, RecordDecl>;
  enums: Map<string, EnumDecl>;
  typedefs: Map<string, TypedefDecl>;
}

const cache = new WeakMap<TypeModel, ModelIndex>();

export function indexModel(model: TypeModel): ModelIndex {
  let ix = cache.get(model);
  if (ix) return ix;
  ix = { records: new Map(), enums: new Map(), typedefs: new Map() };
  for (const r of model.records) {
    const prev = ix.records.get(r.id);
    if (!prev || (!prev.complete && r.complete)) ix.records.set(r.id, r);
  }
  for (const e of model.enums) if (!ix.enums.has(e.id) || e.enumerators.length) ix.enums.set(e.id, e);
  for (const t of model.typedefs) ix.typedefs.set(t.name, t);
  cache.set(model, ix);
  return ix;
}
