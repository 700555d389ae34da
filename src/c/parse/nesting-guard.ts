/**
 * Bounds the work done on pathologically nested input (10,000 nested braces):
 * a file-scope construct whose (), [] or {} nesting exceeds the limit is
 * blanked before parsing — keeping its newlines so rows stay valid — and
 * reported, so the parser and the recursive extraction after it never see it.
 */
import { blankOut } from './gnu-normalize.ts';

export const MAX_NESTING = 256;

export interface BlankedRegion {
  start: number;
  end: number;
  depth: number;
}

export function guardNesting(text: string, limit = MAX_NESTING): { text: string; blanked: BlankedRegion[] } {
  const blanked: BlankedRegion[] = [];
  let depth = 0;
  let regionStart = -1; // offset where the current file-scope construct began
  let regionMax = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 || ch === 39) {
      // string or char literal
      for (i++; i < text.length && text.charCodeAt(i) !== ch && text.charCodeAt(i) !== 10; i++) {
        if (text.charCodeAt(i) === 92) i++;
      }
    } else if (ch === 40 || ch === 91 || ch === 123) {
      if (depth === 0) {
        regionStart = i;
        regionMax = 0;
      }
      depth++;
      if (depth > regionMax) regionMax = depth;
    } else if (ch === 41 || ch === 93 || ch === 125) {
      if (depth > 0) depth--;
      if (depth === 0 && regionMax > limit) {
        blanked.push({ start: regionStart, end: i + 1, depth: regionMax });
        regionMax = 0;
      }
    }
  }
  if (depth > 0 && regionMax > limit) blanked.push({ start: regionStart, end: text.length, depth: regionMax });
  if (blanked.length === 0) return { text, blanked };
  const parts: string[] = [];
  let at = 0;
  for (const b of blanked) {
    parts.push(text.slice(at, b.start), blankOut(text.slice(b.start, b.end)));
    at = b.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), blanked };
}
