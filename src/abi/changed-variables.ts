/**
 * The variables whose definitions a series must change: those the in-kernel
 * headers it touches declare `extern` before and after with another type,
 * or other qualifiers, spelled differently (variable-changes.ts, as
 * kabi.variable-type-changed reads them). A definition, or another `extern`
 * declaration, still spelling the old type no longer compiles; those are
 * what the tree is searched for (src/tree/variable-declarations.ts) before
 * the passes compare the headers.
 */
import type { TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { variableChanges } from './diff/variable-changes.ts';

/** Their names, sorted. */
export function changedVariables(
  headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null; textBefore: string | null; textAfter: string | null }[],
): string[] {
  const out = new Set<string>();
  for (const { path, before, after, textBefore, textAfter } of headers) {
    for (const v of variableChanges(before, after, inFile(path), { before: textBefore, after: textAfter })) {
      if (v.declared.before !== null && v.declared.before !== v.declared.after) out.add(v.name);
    }
  }
  return [...out].sort();
}
