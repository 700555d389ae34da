/**
 * The functions whose calls or definitions a series must change: functions
 * the in-kernel headers it touches declare before and after with another
 * type — another parameter count (`int pci_enable_device(struct pci_dev *)`),
 * a value no longer returned (a call that uses it no longer compiles), any
 * change for the definition — unless the new header also defines a
 * function-like macro of that name (a wrapper then takes the old calls).
 * Their calls are what the tree is searched for (src/tree/function-calls.ts)
 * before the passes compare the headers; kabi.function-signature-changed
 * names those left as they were.
 */
import type { FunctionProto, TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { arityOf, returnsVoid } from './diff/prototype-changes.ts';
import { canonicalType, hasUnresolvedType, lookupFor } from './diff/type-text.ts';

/**
 * A function whose calls or definition must change: its parameter count
 * before and after (null: unchanged or variadic), whether it now returns
 * void, and whether its type changed at all (a definition left with the old
 * signature conflicts with the new declaration, whatever the count).
 */
export interface ChangedCall {
  name: string;
  arity: { before: number; after: number } | null;
  nowVoid: boolean;
  retyped: boolean;
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
    const lookBefore = lookupFor(before);
    const lookAfter = lookupFor(after);
    const was = declaredIn(before, path);
    const wrappers = new Set(after.macros.filter((m) => m.params !== null).map((m) => m.name));
    for (const [name, now] of declaredIn(after, path)) {
      const old = was.get(name);
      if (!old || wrappers.has(name)) continue;
      const a = arityOf(now);
      const b = arityOf(old);
      const arity = a !== null && b !== null && a !== b ? { before: b, after: a } : null;
      const nowVoid = returnsVoid(old) === false && returnsVoid(now) === true;
      const retyped = !hasUnresolvedType(old.type) && !hasUnresolvedType(now.type) && canonicalType(old.type, lookBefore) !== canonicalType(now.type, lookAfter);
      if (arity || nowVoid || retyped) out.set(name, { name, arity, nowVoid, retyped });
    }
  }
  return [...out.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
}
