/**
 * The kernel tree's file-scope definitions and `extern` declarations of some
 * variables (src/abi/diff/variable-declarations.ts), in its .c files and
 * in-kernel headers, outside the files the series touches (their code is
 * read as the series leaves it): a series that changes a variable's type in
 * the header that declares it must change each of them, or the build breaks
 * on conflicting types. Only files with a line that starts at its first
 * column and names a variable are read (a definition at file scope does);
 * at most MAX_FILES of them.
 */
import { variableDeclarationsIn, type VariableDeclaration } from '../abi/diff/variable-declarations.ts';
import { readFilesWithWords, type TreeWords } from './tree-words.ts';

const MAX_FILES = 3000;

export function treeVariableDeclarations(tree: TreeWords, names: readonly string[], exclude: ReadonlySet<string>): VariableDeclaration[] {
  return readFilesWithWords(tree, names, { headers: true, atLineStart: true, exclude, max: MAX_FILES }, (rel, text) => variableDeclarationsIn(rel, text, names));
}
