/**
 * The functions whose number of parameters a series changes: non-variadic
 * functions the in-kernel headers it touches declare before and after
 * (`int pci_enable_device(struct pci_dev *)`) with another parameter count,
 * unless the new header also defines a function-like macro of that name
 * (a wrapper then takes the old calls). Their calls are what the tree is
 * searched for (src/tree/function-calls.ts) before the passes compare the
 * headers; kabi.function-signature-changed names those left with the old
 * count.
 */
import type { FunctionProto, TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { arityOf } from './diff/prototype-changes.ts';

/** A function's parameter count before and after the series. */
export interface ChangedArity {
  name: string;
  before: number;
  after: number;
}

function declaredIn(model: TypeModel, path: string): Map<string, FunctionProto> {
  const mine = inFile(path);
  const out = new Map<string, FunctionProto>();
  for (const p of model.prototypes ?? []) if (mine(p.loc.file) && !out.has(p.name)) out.set(p.name, p);
  return out;
}

export function changedArities(headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null }[]): ChangedArity[] {
  const out = new Map<string, ChangedArity>();
  for (const { path, before, after } of headers) {
    if (!before || !after) continue;
    const was = declaredIn(before, path);
    const wrappers = new Set(after.macros.filter((m) => m.params !== null).map((m) => m.name));
    for (const [name, now] of declaredIn(after, path)) {
      const old = was.get(name);
      const a = arityOf(now);
      const b = old ? arityOf(old) : null;
      if (a !== null && b !== null && a !== b && !wrappers.has(name)) out.set(name, { name, before: b, after: a });
    }
  }
  return [...out.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
}
