/**
 * Diff-context text (only the lines the hunks show, unknown lines empty)
 * made safe to preprocess: a known segment that begins inside a comment
 * opened on unknown lines has that comment tail blanked, and a segment that
 * ends inside a comment continuing on unknown lines has the comment head
 * blanked. Otherwise `*\/` would be read as code and an open `/*` would
 * swallow the next hunk. Lines are never added or removed.
 */
import type { KnownRange } from '../tree/images.ts';

export function repairDiffContext(text: string, known: KnownRange[]): string {
  const lines = text.split('\n');
  const sorted = [...known].sort((a, b) => a.start - b.start);
  for (const seg of sorted) {
    const first = seg.start - 1;
    const last = Math.min(seg.end, lines.length) - 1;
    if (first > last) continue;
    blankLeadingCommentTail(lines, first, last, seg.start > 1);
    blankTrailingOpenComment(lines, first, last);
  }
  return lines.join('\n');
}

/** If the segment starts inside a comment (a `*\/` comes before any `/*`), blank up to that `*\/`. */
function blankLeadingCommentTail(lines: string[], first: number, last: number, afterUnknown: boolean): void {
  if (!afterUnknown) return;
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    const close = line.indexOf('*/');
    const open = line.indexOf('/*');
    if (open >= 0 && (close < 0 || open < close)) return;
    if (close >= 0) {
      for (let j = first; j < i; j++) lines[j] = '';
      lines[i] = ' '.repeat(close + 2) + line.slice(close + 2);
      return;
    }
    // only comment-looking lines may precede the close
    if (!/^\s*(\*|$)/.test(line)) return;
  }
}

/** If a comment opened in the segment is still open at its end, blank it from its `/*`. */
function blankTrailingOpenComment(lines: string[], first: number, last: number): void {
  let openAt: { line: number; col: number } | null = null;
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    let col = 0;
    for (;;) {
      if (openAt) {
        const close = line.indexOf('*/', i === openAt.line ? openAt.col + 2 : col);
        if (close < 0) break;
        openAt = null;
        col = close + 2;
      } else {
        const lineComment = line.indexOf('//', col);
        const open = line.indexOf('/*', col);
        if (open < 0 || (lineComment >= 0 && lineComment < open) || insideString(line, open)) break;
        openAt = { line: i, col: open };
        col = open + 2;
      }
    }
  }
  if (!openAt) return;
  lines[openAt.line] = lines[openAt.line]!.slice(0, openAt.col);
  for (let j = openAt.line + 1; j <= last; j++) lines[j] = '';
}

function insideString(line: string, at: number): boolean {
  let quotes = 0;
  for (let i = 0; i < at; i++) if (line[i] === '"' && line[i - 1] !== '\\') quotes++;
  return quotes % 2 === 1;
}
