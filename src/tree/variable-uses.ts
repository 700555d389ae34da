/**
 * The kernel tree's uses of variables a series makes the object they
 * pointed to, or back (src/abi/diff/variable-uses.ts), in its .c files and
 * in-kernel headers (static inline functions, macros), outside the files the
 * series touches (their code is read as the series leaves it): each use
 * still treating the variable as its old type breaks the build. One search
 * for all the names; at most MAX_FILES files read.
 */
import { join } from 'node:path';
import { staleVariableUsesIn, type PointerChange, type StaleVariableUse } from '../abi/diff/variable-uses.ts';
import { readTreeText } from './kernel-c-files.ts';
import type { TreeWords } from './tree-words.ts';

const MAX_FILES = 3000;

export function treeVariableUses(tree: TreeWords, changes: ReadonlyMap<string, PointerChange>, exclude: ReadonlySet<string>): StaleVariableUse[] {
  if (changes.size === 0) return [];
  const out: StaleVariableUse[] = [];
  for (const rel of tree.filesWithWords([...changes.keys()], { headers: true }).filter((f) => !exclude.has(f) && !f.includes('/uapi/')).slice(0, MAX_FILES)) {
    const text = readTreeText(join(tree.root, rel));
    if (text) out.push(...staleVariableUsesIn(rel, text, changes));
  }
  return out;
}
