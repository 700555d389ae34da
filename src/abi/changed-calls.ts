/**
 * The functions whose calls a series must change: non-variadic functions
 * the in-kernel headers it touches declare before and after with another
 * parameter count (`int pci_enable_device(struct pci_dev *)`), and
 * functions that returned a value and now return void (a call that uses the
 * value no longer compiles) — unless the new header also defines a
 * function-like macro of that name (a wrapper then takes the old calls).
 * Their calls are what the tree is searched for (src/tree/function-calls.ts)
 * before the passes compare the headers; kabi.function-signature-changed
 * names those left as they were.
 */
import type { FunctionProto, TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { arityOf, returnsVoid } from './diff/prototype-changes.ts';

/** A function whose calls must change: its parameter count before and after (null: unchanged or variadic), and whether it now returns void. */
export interface ChangedCall {
  name: string;
  arity: { before: number; after: number } | null;
  nowVoid: boolean;
}

function declaredIn(model: TypeModel, path: string): Map<string, FunctionProto> {
  const mine = inFile(path);
  const out = new Map<string, FunctionProto>();
  for (const p of model.prototypes ?? []) if (mine(p.loc.file) && !out.has(p.name)) out.set(p.name, p);
  return out;
}

export function changedCalls(headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null }[]): ChangedCall[] {
  const out = new Map<string, ChangedCall>();
  for (const { path, before, after } of headers) {
    if (!before || !after) continue;
    const was = declaredIn(before, path);
    const wrappers = new Set(after.macros.filter((m) => m.params !== null).map((m) => m.name));
    for (const [name, now] of declaredIn(after, path)) {
      const old = was.get(name);
      if (!old || wrappers.has(name)) continue;
      const a = arityOf(now);
      const b = arityOf(old);
      const arity = a !== null && b !== null && a !== b ? { before: b, after: a } : null;
      const nowVoid = returnsVoid(old) === false && returnsVoid(now) === true;
      if (arity || nowVoid) out.set(name, { name, arity, nowVoid });
    }
  }
  return [...out.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
}
