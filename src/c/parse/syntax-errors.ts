/**
 * The places tree-sitter could not parse: ERROR nodes and MISSING tokens,
 * each with its row. An unnamed bit-field (`__u32 :24;`) shows up as a
 * MISSING field name in tree-sitter-c; that is valid C and not reported.
 */
import type { SyntaxNode } from './tree-sitter-c.ts';

export interface SyntaxProblem {
  row: number;
  message: string;
}

export function syntaxProblems(root: SyntaxNode, limit = 50): { problems: SyntaxProblem[]; more: number } {
  const problems: SyntaxProblem[] = [];
  let more = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isMissing) {
      if (!isUnnamedBitfield(node)) {
        if (problems.length < limit) problems.push({ row: node.startPosition.row, message: `syntax error: missing ${describe(node.type)}` });
        else more++;
      }
      continue;
    }
    if (node.type === 'ERROR' && node.text.trim() === ';' && node.parent?.type === 'field_declaration_list') {
      // GCC accepts an extra semicolon in a struct or union (a -pedantic warning only)
      continue;
    }
    if (node.type === 'ERROR') {
      if (problems.length < limit) problems.push({ row: node.startPosition.row, message: `syntax error: cannot parse '${clip(node.text)}'` });
      else more++;
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
