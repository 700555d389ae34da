/**
 * A tree-sitter syntax tree copied once into plain JavaScript objects.
 *
 * node-tree-sitter's SyntaxNode answers every property (`type`, `children`,
 * `childForFieldName` …) with a call into native code and a fresh wrapper
 * object. The front end walks each declaration once per ABI and the emulator
 * walks a function body thousands of times, so both copy a parsed tree here
 * with one pass of a TreeCursor and then walk plain data. A copied tree is
 * immutable and safe to cache and share between ABIs.
 *
 * Offsets are those of the parse: UTF-16 offsets into the parsed text. Rows
 * are counted from the text (newlines before an offset, as tree-sitter counts
 * them) rather than asked for: two native calls and two objects less per node.
 * Columns are not kept (nothing reads them).
 */
import type ParserType from 'tree-sitter';

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** isMissing and hasError, as bits of one number. */
const MISSING = 1;
const HAS_ERROR = 2;

/**
 * A copied node. Parse copies are cached (tree-sitter-c.ts) and each costs
 * memory and collector time for as long as it is kept, so a node holds only
 * what cannot be shared or worked out: what its type id stands for is one
 * shared object, a child's field name is on the child, named children are
 * listed when first asked for.
 */
export class SyntaxNode {
  private readonly kind: NodeKind;
  private flags: number;
  readonly startIndex: number;
  readonly endIndex: number;
  /** 0-based rows of the start and end (as startPosition.row, endPosition.row, without an object). */
  readonly startRow: number;
  readonly endRow: number;
  /** A shared empty array until a first child arrives (most nodes are leaves). */
  children: readonly SyntaxNode[] = NO_CHILDREN;
  private named: readonly SyntaxNode[] | null = null;
  /** This node's field name in its parent. */
  private field: string | null = null;
  parent: SyntaxNode | null = null;
  private readonly source: string;
  private textCache: string | null = null;

  private constructor(source: string, cursor: ParserType.TreeCursor, rowAt: Int32Array, kind: NodeKind, mayBeMissing: boolean) {
    this.source = source;
    this.kind = kind;
    const missing = mayBeMissing && cursor.nodeIsMissing;
    this.flags = missing || kind.type === 'ERROR' ? (missing ? MISSING : 0) | HAS_ERROR : 0;
    this.startIndex = cursor.startIndex;
    this.endIndex = cursor.endIndex;
    this.startRow = rowAt[this.startIndex]!;
    this.endRow = rowAt[this.endIndex]!;
  }

  get type(): string {
    return this.kind.type;
  }

  get isNamed(): boolean {
    return this.kind.isNamed;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  /** An ERROR or MISSING node somewhere in this subtree (as tree-sitter's hasError). */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  get namedChildren(): readonly SyntaxNode[] {
    if (this.named === null) {
      const named = this.children.filter((c) => c.isNamed);
      this.named = named.length > 0 ? named : NO_CHILDREN;
    }
    return this.named;
  }

  get startPosition(): { row: number } {
    return { row: this.startRow };
  }

  get endPosition(): { row: number } {
    return { row: this.endRow };
  }

  get text(): string {
    this.textCache ??= this.source.substring(this.startIndex, this.endIndex);
    return this.textCache;
  }

  get childCount(): number {
    return this.children.length;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
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

  private add(child: SyntaxNode, field: string | null): void {
    child.parent = this;
    child.field = field;
    if (this.children === NO_CHILDREN) this.children = [];
    (this.children as SyntaxNode[]).push(child);
    for (let n: SyntaxNode | null = this; child.hasError && n && !n.hasError; n = n.parent) n.flags |= HAS_ERROR;
  }

  /**
   * A copy of `tree`, the parse of `source`: one cursor pass, each node's
   * native calls made here and never again. A call into node-tree-sitter
   * costs far more than the JavaScript around it, so the pass asks for
   * numbers (type and field ids, offsets) and names each id once per
   * process; only a tree with errors is asked which nodes are MISSING.
   */
  static copy(tree: ParserType.Tree, source: string): SyntaxNode {
    // rowAt[i]: newlines before offset i (i up to the length: a node may end at the text's end)
    const rowAt = new Int32Array(source.length + 1);
    for (let i = 0, row = 0; i < source.length; i++) {
      rowAt[i] = row;
      if (source.charCodeAt(i) === 10) row++;
      rowAt[i + 1] = row;
    }
    const mayBeMissing = tree.rootNode.hasError;
    const cursor = tree.walk();
    const root = new SyntaxNode(source, cursor, rowAt, kindOf(cursor), mayBeMissing);
    let parent = root;
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = new SyntaxNode(source, cursor, rowAt, kindOf(cursor), mayBeMissing);
      parent.add(node, fieldOf(cursor));
      if (cursor.gotoFirstChild()) {
        parent = node;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || parent === root) return root;
        parent = parent.parent!;
      }
    }
  }
}

/** What a node's type id stands for (the grammar's, the same for every tree). */
interface NodeKind {
  type: string;
  isNamed: boolean;
}

/** By type id, asked of the first node of each type met (ids index the one grammar: tree-sitter-c.ts). */
const kinds: NodeKind[] = [];
/** Field names by field id (0: none). */
const fields: (string | null)[] = [null];

function kindOf(cursor: ParserType.TreeCursor): NodeKind {
  const id = cursor.nodeTypeId;
  return (kinds[id] ??= { type: cursor.nodeType, isNamed: cursor.nodeIsNamed });
}

function fieldOf(cursor: ParserType.TreeCursor): string | null {
  const id = cursor.currentFieldId;
  if (!id) return null;
  let name = fields[id];
  if (name === undefined) fields[id] = name = cursor.currentFieldName ?? null;
  return name;
}
