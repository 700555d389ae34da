/**
 * tree-sitter-c access for the emulator. Each parse is copied once into
 * plain JavaScript nodes (src/c/parse/syntax-node.ts: the native node
 * accessors are far too slow for an interpreter that walks the same function
 * thousands of times); results are cached by source text.
 */
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { SyntaxNode } from '../c/parse/syntax-node.ts';

export { SyntaxNode };

/** Source text addressed by tree-sitter's byte offsets. */
class Source {
  private readonly text: string;
  private readonly bytes: Buffer | null;
  constructor(text: string) {
    this.text = text;
    // ASCII text: byte offsets are string offsets; otherwise slice the UTF-8 bytes.
    this.bytes = /^[\x00-\x7f]*$/.test(text) ? null : Buffer.from(text, 'utf8');
  }
  slice(start: number, end: number): string {
    return this.bytes ? this.bytes.subarray(start, end).toString('utf8') : this.text.slice(start, end);
  }
}

let parser: Parser | null = null;
const cache = new Map<string, SyntaxNode>();

export function parseC(text: string): SyntaxNode {
  let root = cache.get(text);
  if (!root) {
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(C as unknown as Parser.Language);
    }
    const tree = parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
    root = SyntaxNode.copy(tree, new Source(text));
    if (cache.size > 256) cache.clear();
    cache.set(text, root);
  }
  return root;
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
