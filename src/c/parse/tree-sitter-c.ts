/**
 * The one tree-sitter parser for C shared by the whole process (creating a
 * parser and loading the grammar is the expensive part). Text is fed through
 * an input callback in chunks, so inputs larger than node-tree-sitter's 32 KiB
 * string buffer parse too; node offsets are UTF-16 offsets into the text.
 *
 * Each parse is copied into plain objects (syntax-node.ts) and the native
 * tree is released at once. Copies are cached by text, bounded by the total
 * text they hold: the same declaration text is parsed once however many
 * ABIs and translation units contain it (top-level-segments.ts cuts units
 * into such declarations).
 */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import { SyntaxNode } from './syntax-node.ts';
import { registerCache } from '../memory-pressure.ts';

export { SyntaxNode } from './syntax-node.ts';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter') as typeof ParserType;
const CLanguage = require('tree-sitter-c') as ParserType.Language;

export interface ParsedC {
  rootNode: SyntaxNode;
}

const CHUNK = 64 * 1024;
/** Text held by cached parses (UTF-16 units); a copied node costs roughly 20× its text. */
const CACHE_TEXT_BUDGET = 4 * 1024 * 1024;
let shared: ParserType | null = null;
const cache = new Map<string, ParsedC>();
let cachedText = 0;
registerCache(() => {
  cache.clear();
  cachedText = 0;
});

function parser(): ParserType {
  if (!shared) {
    shared = new Parser();
    shared.setLanguage(CLanguage);
  }
  return shared;
}

/**
 * `text` as a string of its own. A declaration's text is cut from its unit's
 * (top-level-segments.ts), and V8 keeps such a cut as a view of the whole
 * string: a parse kept (here, or by a model holding its nodes' texts) would
 * keep the whole preprocessed unit alive, megabytes for an in-kernel header.
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/** Parse C source text (cached by text; the result is immutable). */
export function parseC(text: string): ParsedC {
  const hit = cache.get(text);
  if (hit) return hit;
  const own = ownCopy(text);
  const parsed = parseUncachedC(own);
  if (text.length <= CACHE_TEXT_BUDGET / 4) {
    cache.set(own, parsed);
    cachedText += text.length;
    // oldest first (a hit is not moved: a batch's working set fits, and moving costs a rehash per hit)
    for (const key of cache.keys()) {
      if (cachedText <= CACHE_TEXT_BUDGET) break;
      cache.delete(key);
      cachedText -= key.length;
    }
  }
  return parsed;
}

/** Parse C source text without keeping it (for a caller that keeps what it needs of the parse itself). */
export function parseUncachedC(text: string): ParsedC {
  const p = parser();
  p.reset();
  const tree = p.parse((index: number) => (index < text.length ? text.slice(index, index + CHUNK) : ''), null, {
    bufferSize: CHUNK,
  });
  return { rootNode: SyntaxNode.copy(tree, text) };
}
