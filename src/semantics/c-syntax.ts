/**
 * tree-sitter-c access for the emulator: one parser, parse results cached by
 * text (the same image is parsed once per run).
 */
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;

let parser: Parser | null = null;
const cache = new Map<string, Parser.Tree>();

export function parseC(text: string): SyntaxNode {
  let tree = cache.get(text);
  if (!tree) {
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(C as unknown as Parser.Language);
    }
    tree = parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
    if (cache.size > 256) cache.clear();
    cache.set(text, tree);
  }
  return tree.rootNode;
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
