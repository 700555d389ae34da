/**
 * The kernel tree's uses of variables a series makes the object they
 * pointed to, or back (src/abi/diff/variable-uses.ts), in its .c files and
 * in-kernel headers (static inline functions, macros), outside the files the
 * series touches (their code is read as the series leaves it): each use
 * still treating the variable as its old type breaks the build. One search
 * for all the names; at most MAX_FILES files read.
 */
import { staleVariableUsesIn, type PointerChange, type StaleVariableUse } from '../abi/diff/variable-uses.ts';
import { readFilesWithWords, type TreeWords } from './tree-words.ts';

const MAX_FILES = 3000;

export function treeVariableUses(tree: TreeWords, changes: ReadonlyMap<string, PointerChange>, exclude: ReadonlySet<string>): StaleVariableUse[] {
  return readFilesWithWords(tree, [...changes.keys()], { headers: true, exclude, max: MAX_FILES }, (rel, text) => staleVariableUsesIn(rel, text, changes));
}
