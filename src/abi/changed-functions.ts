/**
 * The functions whose calls or definitions a series must change: those the
 * in-kernel headers it touches declare before and after with another type
 * (prototype-changes.ts, as kabi.function-signature-changed reads them) —
 * unless the new header also defines a function-like macro of that name (a
 * wrapper then takes the old calls). Their calls and definitions are what
 * the tree is searched for (src/tree/function-calls.ts) before the passes
 * compare the headers; the rule names those left as they were.
 */
import type { TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { prototypeChanges } from './diff/prototype-changes.ts';

/** Their names, sorted. */
export function changedFunctions(
  headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null; textBefore: string | null; textAfter: string | null }[],
): string[] {
  const out = new Set<string>();
  for (const { path, before, after, textBefore, textAfter } of headers) {
    if (!before || !after) continue;
    const wrappers = new Set(after.macros.filter((m) => m.params !== null).map((m) => m.name));
    for (const p of prototypeChanges(before, after, inFile(path), { before: textBefore, after: textAfter })) if (!wrappers.has(p.name)) out.add(p.name);
  }
  return [...out].sort();
}
