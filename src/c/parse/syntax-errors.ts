/**
 * The places tree-sitter could not parse: ERROR nodes and MISSING tokens,
 * each with its row. An unnamed bit-field (`__u32 :24;`) shows up as a
 * MISSING field name in tree-sitter-c, and `unsigned long : 1;` as an ERROR
 * after the type (unnamed-bitfields.ts); both are valid C and not reported.
 * Past `limit` problems are counted, not listed, except those within a
 * struct, union or enum body at file scope: they may change a layout, and
 * are always listed, with a message saying where (`IN_DEFINITION`; in-kernel
 * code has thousands of problems in function bodies).
 */
import type { SyntaxNode } from './tree-sitter-c.ts';
import { isUnnamedBitfieldError } from './unnamed-bitfields.ts';

export interface SyntaxProblem {
  row: number;
  message: string;
  /** Within a struct, union or enum body (listed past any limit). */
  inDefinition?: true;
}

export function syntaxProblems(root: SyntaxNode, limit = 50): { problems: SyntaxProblem[]; more: number } {
  const problems: SyntaxProblem[] = [];
  let more = 0;
  const list = (p: SyntaxProblem, node: SyntaxNode) => {
    if (inDefinition(node)) problems.push({ row: p.row, message: p.message.replace(/^syntax error: /, `${IN_DEFINITION}: `), inDefinition: true });
    else if (problems.length < limit) problems.push(p);
    else more++;
  };
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isMissing) {
      if (!isUnnamedBitfield(node)) list({ row: node.startPosition.row, message: `syntax error: missing ${describe(node.type)}` }, node);
      continue;
    }
    if (node.type === 'ERROR' && node.text.trim() === ';' && node.parent?.type === 'field_declaration_list') {
      // GCC accepts an extra semicolon in a struct or union (a -pedantic warning only)
      continue;
    }
    if (node.type === 'ERROR' && isUnnamedBitfieldError(node)) continue;
    if (node.type === 'ERROR') {
      list({ row: node.startPosition.row, message: `syntax error: cannot parse '${clip(node.text)}'` }, node);
      // nested errors inside are the same problem
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  problems.sort((a, b) => a.row - b.row);
  return { problems, more };
}

/** How a problem within a struct, union or enum body begins (in place of `syntax error`). */
export const IN_DEFINITION = 'syntax error in a struct, union or enum body';

/** The message of the one diagnostic that stands for `count` syntax errors past the limit. */
export function unlistedSyntaxErrors(count: number): string {
  return `${count} more syntax errors not listed`;
}

/** How many syntax errors `message` stands for, if it is `unlistedSyntaxErrors`' message; else null. */
export function countOfUnlisted(message: string): number | null {
  const m = /^(\d+) more syntax errors not listed$/.exec(message);
  return m ? Number(m[1]) : null;
}

const DEFINITION_BODIES = new Set(['field_declaration_list', 'enumerator_list']);
/** What a definition found within is not a type's at file or struct scope: a function's body, or what tree-sitter recovered from. */
const NOT_A_DEFINITION = new Set(['compound_statement', 'function_definition', 'ERROR']);

function inDefinition(node: SyntaxNode): boolean {
  let found = false;
  for (let n = node.parent; n; n = n.parent) {
    if (NOT_A_DEFINITION.has(n.type)) return false;
    if (DEFINITION_BODIES.has(n.type)) found = true;
  }
  return found;
}

function isUnnamedBitfield(node: SyntaxNode): boolean {
  if (node.type !== 'field_identifier') return false;
  const next = node.nextSibling;
  return node.parent?.type === 'field_declaration' && next?.type === 'bitfield_clause';
}

function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? one.slice(0, 77) + '...' : one;
}
