/**
 * The kernel tree's calls of some functions (src/abi/diff/function-calls.ts),
 * in its .c files and in-kernel headers (static inline wrappers, macros),
 * outside the files the series touches (their code is read as the series
 * leaves it): a series that changes how many parameters a function takes
 * must change each of them, or the tree no longer builds. One search for
 * all the names; at most MAX_FILES files read (a tree-wide API's thousands
 * of callers are cut there: the calls found are named, not all calls).
 */
import { functionCallsIn, type FunctionCall } from '../abi/diff/function-calls.ts';
import { readFilesWithWords, type TreeWords } from './tree-words.ts';

const MAX_FILES = 3000;

export function treeFunctionCalls(tree: TreeWords, names: readonly string[], exclude: ReadonlySet<string>): FunctionCall[] {
  // headers too: a static inline wrapper or a macro calling with the old count breaks every file that includes it
  return readFilesWithWords(tree, names, { headers: true, exclude, max: MAX_FILES }, (rel, text) => functionCallsIn(rel, text, names));
}
