/**
 * Cuts a preprocessed translation unit into its file-scope declarations, so
 * that each is parsed on its own and the parse is shared (tree-sitter-c.ts
 * caches by text): the same `struct vfio_device_info {…};` from the same
 * header appears in the units of many headers and of every ABI, and
 * tree-sitter-c does not track typedef names, so a declaration parses the
 * same wherever it stands.
 *
 * A cut is made after each `;` outside parentheses, brackets and braces (the
 * end of a file-scope declaration in valid C), and after the `}` closing a
 * function body (a `{` at file scope right after a `)`: a record body follows
 * a tag or keyword, an initializer an `=`), outside string and character
 * literals. A segment starts at its first non-blank character, or earlier at
 * an attribute site (attributes are blanked in the normalised text but
 * belong to the declaration that follows). Text that does not balance keeps
 * everything up to the next top-level `;` in one segment, so a syntax error
 * stays inside the declaration it breaks.
 */
import type { AttributeSite } from './gnu-normalize.ts';

export interface Segment {
  /** [start, end) in the unit's text. */
  start: number;
  end: number;
  /** 0-based row of `start` in the unit's text. */
  row: number;
}

const NEWLINE = 0x0a;
/** The characters that matter for finding cuts; everything else is skipped by the regular expression engine. */
const STRUCTURE = /[;(){}[\]"']/g;

/**
 * The segments, and whether the text ends where a declaration may start:
 * every bracket closed, nothing after the last cut. Only then is the text
 * cut the same alone as followed by more text (unit-regions.ts).
 * `rowOf(offset)`: the 0-based row of an offset in `text`.
 */
export function cutTopLevel(
  text: string,
  attributes: readonly AttributeSite[],
  rowOf: (offset: number) => number,
): { segments: Segment[]; closed: boolean } {
  const segments: Segment[] = [];
  let depth = 0;
  let functionBody = false;
  let from = 0;
  let site = 0;
  const cut = (end: number): void => {
    // skip blanks, but not into an attribute site of this declaration
    while (site < attributes.length && attributes[site]!.start < from) site++;
    const limit = Math.min(end, site < attributes.length ? attributes[site]!.start : end);
    let start = from;
    while (start < limit && isBlank(text.charCodeAt(start))) start++;
    if (start < end && !isAllBlank(text, start, end)) segments.push({ start, end, row: rowOf(start) });
  };
  STRUCTURE.lastIndex = 0;
  // `test` moves lastIndex past the match without building a match array (one per character found)
  while (STRUCTURE.test(text)) {
    const i = STRUCTURE.lastIndex - 1;
    switch (text.charCodeAt(i)) {
      case 0x7b: // {
        if (depth === 0) functionBody = lastNonBlank(text, i) === 0x29;
        depth++;
        break;
      case 0x28: // (
      case 0x5b: // [
        depth++;
        break;
      case 0x7d: // }
        if (depth > 0) depth--;
        if (depth === 0 && functionBody) {
          functionBody = false;
          cut(i + 1);
          from = i + 1;
        }
        break;
      case 0x29:
      case 0x5d:
        if (depth > 0) depth--;
        break;
      case 0x22: // "
      case 0x27: // '
        STRUCTURE.lastIndex = literalEnd(text, i, text.charCodeAt(i));
        break;
      default: // ;
        if (depth === 0) {
          cut(i + 1);
          from = i + 1;
        }
        break;
    }
  }
  // blanked attributes after the last cut belong to the declaration that follows
  const closed = depth === 0 && isAllBlank(text, from, text.length) && !attributes.some((a) => a.start >= from);
  cut(text.length);
  return { segments, closed };
}
/** Index just past a string or character literal starting at `i` (or the line's end when unterminated). */
function literalEnd(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === quote) return j + 1;
    else if (c === NEWLINE) return j;
  }
  return text.length;
}

/** The character code of the last non-blank character before `i` (0 when none). */
function lastNonBlank(text: string, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (!isBlank(c)) return c;
  }
  return 0;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b;
}

function isAllBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}
