/**
 * tree-sitter-c access for the emulator: the front end's shared parser and
 * parse cache (src/c/parse/tree-sitter-c.ts). Each parse is a plain-object
 * copy (src/c/parse/syntax-node.ts): the native node accessors are far too
 * slow for an interpreter that walks the same function thousands of times.
 */
import { parseC as parseUnit, SyntaxNode } from '../c/parse/tree-sitter-c.ts';

export { SyntaxNode };

/** Parse C text; the root node (cached by text, immutable). */
export function parseC(text: string): SyntaxNode {
  return parseUnit(text).rootNode;
}

/** Parse one C expression (wrapped in a dummy function). */
export function parseExpression(text: string): SyntaxNode {
  const root = parseC(`void __abi_check_expr(void) { (${text}); }`);
  const body = root.namedChildren[0]?.childForFieldName('body');
  const stmt = body?.namedChildren[0];
  const expr = stmt?.namedChildren[0];
  if (!expr || expr.hasError) throw new Error(`cannot parse expression: ${text}`);
  return expr.type === 'parenthesized_expression' ? expr.namedChildren[0]! : expr;
}

/** The identifier a declarator declares (through pointers, arrays, functions, parentheses). */
export function declaratorName(d: SyntaxNode | null): string | null {
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier' || d.type === 'type_identifier') return d.text;
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return null;
}
