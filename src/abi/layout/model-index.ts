/** Lookup tables over one TypeModel, built once per model (WeakMap-cached). */
import type { EnumDecl, RecordDecl, TypeModel, TypedefDecl } from '../../c/type-model.ts';

export interface ModelIndex {
  /** Sizes of the model's lists when indexed: a model still being built (the front end asks for sizeof while extracting) is re-indexed when they grow. */
  stamp: string;
  /** Complete definition preferred over forward declarations. */
  records: Map<string, RecordDecl>;
  enums: Map<string, EnumDecl>;
  typedefs: Map<string, TypedefDecl>;
}

const cache = new WeakMap<TypeModel, ModelIndex>();

export function indexModel(model: TypeModel): ModelIndex {
  const stamp = `${model.records.length}/${model.enums.length}/${model.typedefs.length}`;
  let ix = cache.get(model);
  if (ix && ix.stamp === stamp) return ix;
  ix = { stamp, records: new Map(), enums: new Map(), typedefs: new Map() };
  for (const r of model.records) {
    const prev = ix.records.get(r.id);
    if (!prev || (!prev.complete && r.complete)) ix.records.set(r.id, r);
  }
  for (const e of model.enums) if (!ix.enums.has(e.id) || e.enumerators.length) ix.enums.set(e.id, e);
  for (const t of model.typedefs) ix.typedefs.set(t.name, t);
  cache.set(model, ix);
  return ix;
}
