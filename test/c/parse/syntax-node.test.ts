/**
 * The plain-object copy of a tree-sitter tree (src/c/parse/syntax-node.ts)
 * against node-tree-sitter's own nodes: the same types, offsets, rows, flags
 * and children, on real headers, on non-ASCII text and on broken input.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { parseC, type SyntaxNode } from '../../../src/c/parse/tree-sitter-c.ts';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter') as typeof ParserType;
const C = require('tree-sitter-c') as ParserType.Language;

function nativeParse(text: string): ParserType.Tree {
  const p = new Parser();
  p.setLanguage(C);
  return p.parse((i: number) => (i < text.length ? text.slice(i, i + 4096) : ''));
}

function compare(copy: SyntaxNode, native: ParserType.SyntaxNode, where: string): number {
  const at = `${where} ${native.type}@${native.startIndex}`;
  expect([copy.type, copy.startIndex, copy.endIndex, copy.startRow, copy.endRow], at).toEqual([
    native.type,
    native.startIndex,
    native.endIndex,
    native.startPosition.row,
    native.endPosition.row,
  ]);
  expect([copy.isNamed, copy.isMissing, copy.hasError], at).toEqual([native.isNamed, native.isMissing, native.hasError]);
  expect(copy.children.length, at).toBe(native.childCount);
  let nodes = 1;
  native.children.forEach((c, i) => (nodes += compare(copy.children[i]!, c, where)));
  return nodes;
}

describe('SyntaxNode copy', () => {
  const texts: [string, string][] = [
    ['vfio.h', readFileSync('/usr/include/linux/vfio.h', 'utf8')],
    ['non-ASCII and CRLF', '/* Jörg Rödel — ✓ */\r\nstruct s {\r\n\tint a; /* ü */\n\tchar b[2];\n};\n'],
    ['broken', 'struct { int a\nunion x { ; ;\nint f(void) { return (1 + ; }\n'],
    ['empty', ''],
  ];
  for (const [name, text] of texts) {
    it(`matches node-tree-sitter node by node: ${name}`, () => {
      const nodes = compare(parseC(text).rootNode, nativeParse(text).rootNode, name);
      expect(nodes).toBeGreaterThan(0);
    });
  }
});
