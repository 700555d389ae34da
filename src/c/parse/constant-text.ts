/**
 * An integer constant expression given as text, outside any parse of the
 * unit (an attribute's `aligned(…)` argument, the width of an unnamed
 * bit-field tree-sitter-c could not parse): a plain number, or the
 * expression node of `int … = (text);` parsed alone, for the extractor to
 * evaluate in its scope. Null where the text is no single expression.
 */
import { parseC, type SyntaxNode } from './tree-sitter-c.ts';

export function constantText(text: string): number | SyntaxNode | null {
  const literal = /^\s*(\d+)[uUlL]*\s*$/.exec(text);
  if (literal) return Number(literal[1]);
  if (/[;{}]/.test(text)) return null;
  const tree = parseC(`int __abi_check_value = (${text}\n);`);
  const init = tree.rootNode.firstChild?.childForFieldName('declarator')?.childForFieldName('value');
  return !init || tree.rootNode.hasError || tree.rootNode.childCount !== 1 ? null : init;
}
