/**
 * Diff-context images know only the lines the hunks show; the struct a hunk
 * edits is often named only in the hunk's section heading
 * (`@@ -113,6 +113,23 @@ struct dma_buf_ops {`). This puts that heading back
 * around the known lines — an opening line and a closing `};` on unknown lines,
 * each separated from the known run by one still-unknown line — so the C front
 * end sees a partial record with unknown stretches at both ends instead of
 * stray member declarations. Comment fragments cut by the edges are blanked.
 * Only runs that are entirely indented qualify: a column-0 identifier line in
 * the run shows the heading's struct had already ended (git picks the last
 * column-0 identifier line before the hunk, whether or not it is still open).
 */
import type { KnownRange } from '../../tree/images.ts';
import { blankCutComments } from './cut-comments.ts';

export interface Section {
  /** A line of this image inside the hunk. */
  line: number;
  /** The hunk's section heading text. */
  heading: string;
}

/** `@@ -a,b +c,d @@ heading` → its parts. */
export function parseHunkHeader(header: string): { oldStart: number; oldLines: number; newStart: number; newLines: number; heading: string } | null {
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(header.trim());
  if (!m) return null;
  return { oldStart: +m[1], oldLines: m[2] === undefined ? 1 : +m[2], newStart: +m[3], newLines: m[4] === undefined ? 1 : +m[4], heading: m[5] ?? '' };
}

const RECORD_HEADING = /^\s*(?:typedef\s+)?(struct|union)\s+([A-Za-z_]\w*)\s*\{\s*$/;

function isKnown(known: KnownRange[], line: number): boolean {
  return known.some((k) => line >= k.start && line <= k.end);
}

export function restoreRecordSections(text: string, known: KnownRange[], sections: Section[]): { text: string; known: KnownRange[] } {
  const lines = text.split('\n');
  let outKnown = [...known];
  const done = new Set<string>();
  for (const s of sections) {
    const m = RECORD_HEADING.exec(s.heading);
    if (!m) continue;
    const run = outKnown.find((k) => s.line >= k.start && s.line <= k.end);
    if (!run || done.has(`${run.start}`)) continue;
    // Kernel style indents everything inside a struct: a line starting in column 0 with an
    // identifier (what git's section heading looks for) means the heading's struct ended earlier.
    if (lines.slice(run.start - 1, run.end).some((l) => /^[A-Za-z_$]/.test(l))) continue;
    const open = run.start - 2;
    const close = run.end + 2;
    if (open < 1 || isKnown(outKnown, open) || isKnown(outKnown, open + 1)) continue;
    if (isKnown(outKnown, close) || isKnown(outKnown, close - 1)) continue;
    done.add(`${run.start}`);
    while (lines.length < close) lines.push('');
    const body = blankCutComments(lines.slice(run.start - 1, run.end));
    body.forEach((l, i) => { lines[run.start - 1 + i] = l; });
    lines[open - 1] = s.heading.trim();
    lines[close - 1] = '};';
    outKnown.push({ start: open, end: open }, { start: close, end: close });
  }
  outKnown = outKnown.sort((a, b) => a.start - b.start);
  return { text: lines.join('\n'), known: outKnown };
}
