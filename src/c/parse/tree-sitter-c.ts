/**
 * The one tree-sitter parser for C shared by the whole process (creating a
 * parser and loading the grammar is the expensive part). Text is fed through
 * an input callback in chunks, so inputs larger than node-tree-sitter's 32 KiB
 * string buffer parse too.
 *
 * Memory: a tree's native memory is freed by a finalizer, and Node runs those
 * only between event-loop turns. A caller that builds many models in one
 * synchronous loop should yield now and then (`await setImmediate`), or the
 * trees of the whole loop stay allocated.
 */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter') as typeof ParserType;
const CLanguage = require('tree-sitter-c') as ParserType.Language;

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

const CHUNK = 64 * 1024;
let shared: ParserType | null = null;

function parser(): ParserType {
  if (!shared) {
    shared = new Parser();
    shared.setLanguage(CLanguage);
  }
  return shared;
}

/** Parse C source text. Node indices are UTF-16 offsets into `text`. */
export function parseC(text: string): Tree {
  const p = parser();
  p.reset();
  const tree = p.parse((index: number) => (index < text.length ? text.slice(index, index + CHUNK) : ''), null, {
    bufferSize: CHUNK,
  });
  // node.text on a tree parsed from a callback re-reads whole chunks through it; read the string directly.
  (tree as unknown as { getText: (n: { startIndex: number; endIndex: number }) => string }).getText = (n) =>
    text.substring(n.startIndex, n.endIndex);
  // node-tree-sitter registers every node object it hands out with the tree (a native weak reference
  // and a finalizer each) so that asking twice gives the same object. Nothing here compares nodes by
  // identity, and the registrations cost time and native memory that only an event-loop turn frees.
  const uncached = tree as unknown as { _cacheNode: (n: unknown) => void; _cacheNodes: (n: unknown[]) => void };
  uncached._cacheNode = () => {};
  uncached._cacheNodes = () => {};
  return tree;
}
