/**
 * The variables whose definitions a series must change: those the in-kernel
 * headers it touches declare `extern` before and after with another type,
 * or other qualifiers, spelled differently (variable-changes.ts, as
 * kabi.variable-type-changed reads them). A definition, or another `extern`
 * declaration, still spelling the old type no longer compiles; those are
 * what the tree is searched for (src/tree/variable-declarations.ts) before
 * the passes compare the headers. A variable made the object it pointed
 * to, or back, also has its uses searched (src/tree/variable-uses.ts):
 * those still treating it as the old type do not compile either.
 */
import type { TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { variableChanges } from './diff/variable-changes.ts';
import type { PointerChange } from './diff/variable-uses.ts';

export interface ChangedVariables {
  /** Those whose declaration is spelled otherwise, by name. */
  respelled: Set<string>;
  /** Those made the object they pointed to, or back, and which way. */
  pointers: Map<string, PointerChange>;
}

/** Adds the variables `headers` change to `into`. */
export function changedVariables(
  headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null; textBefore: string | null; textAfter: string | null }[],
  into: ChangedVariables,
): void {
  for (const { path, before, after, textBefore, textAfter } of headers) {
    for (const v of variableChanges(before, after, inFile(path), { before: textBefore, after: textAfter })) {
      if (v.declared.before !== null && v.declared.before !== v.declared.after) into.respelled.add(v.name);
      if (v.pointerChange) into.pointers.set(v.name, v.pointerChange);
    }
  }
}
