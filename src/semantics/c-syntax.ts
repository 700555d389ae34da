/**
 * tree-sitter-c access for the emulator. Each parse is converted once into
 * plain JavaScript nodes (the native node accessors are far too slow for an
 * interpreter that walks the same function thousands of times); results are
 * cached by source text.
 */
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

/** A syntax node: the subset of tree-sitter's SyntaxNode the emulator uses, as plain data. */
export class SyntaxNode {
  readonly type: string;
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
  readonly children: SyntaxNode[] = [];
  readonly namedChildren: SyntaxNode[] = [];
  private readonly fields = new Map<string, SyntaxNode[]>();
  private readonly source: Source;
  private textCache: string | null = null;

  constructor(source: Source, type: string, isNamed: boolean, start: number, end: number, startPos: Parser.Point, endPos: Parser.Point) {
    this.source = source;
    this.type = type;
    this.isNamed = isNamed;
    this.startIndex = start;
    this.endIndex = end;
    this.startPosition = { row: startPos.row, column: startPos.column };
    this.endPosition = { row: endPos.row, column: endPos.column };
  }

  /** An ERROR node somewhere in this subtree. */
  get hasError(): boolean {
    return this.type === 'ERROR' || this.children.some((c) => c.hasError);
  }

  get text(): string {
    this.textCache ??= this.source.slice(this.startIndex, this.endIndex);
    return this.textCache;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    return this.fields.get(name)?.[0] ?? null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.fields.get(name) ?? [];
  }

  descendantsOfType(types: string | string[]): SyntaxNode[] {
    const want = new Set(Array.isArray(types) ? types : [types]);
    const out: SyntaxNode[] = [];
    const walk = (n: SyntaxNode): void => {
      for (const c of n.children) {
        if (want.has(c.type)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  /** @internal used while building */
  add(child: SyntaxNode, field: string | null): void {
    this.children.push(child);
    if (child.isNamed) this.namedChildren.push(child);
    if (field) {
      const list = this.fields.get(field);
      if (list) list.push(child);
      else this.fields.set(field, [child]);
    }
  }
}

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

function convert(tree: Parser.Tree, text: string): SyntaxNode {
  const source = new Source(text);
  const cursor = tree.walk();
  const make = (): SyntaxNode =>
    new SyntaxNode(source, cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, cursor.startPosition, cursor.endPosition);
  const root = make();
  const stack: SyntaxNode[] = [root];
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const node = make();
      stack[stack.length - 1]!.add(node, cursor.currentFieldName ?? null);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  }
  return root;
}

export function parseC(text: string): SyntaxNode {
  let root = cache.get(text);
  if (!root) {
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(C as unknown as Parser.Language);
    }
    const tree = parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
    root = convert(tree, text);
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
