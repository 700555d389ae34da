/**
 * Diff-context images know only the lines the hunks show; the struct a hunk
 * edits is often named only in the hunk's section heading
 * (`@@ -113,6 +113,23 @@ struct dma_buf_ops {`). This puts that heading back
 * around the known lines — an opening line and a closing `};` on unknown lines,
 * each separated from the known run by one still-unknown line — so the C front
 * end sees a partial record with unknown stretches at both ends instead of
 * stray member declarations. Comment fragments cut by the edges are blanked.
 */
import type { KnownRange } from '../../tree/images.ts';

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
    const opener = new RegExp(`\\b${m[1]}\\s+${m[2]}\\b[^;]*\\{`);
    if (lines.slice(run.start - 1, run.end).some((l) => opener.test(l))) continue;
    const open = run.start - 2;
    const close = run.end + 2;
    if (open < 1 || isKnown(outKnown, open) || isKnown(outKnown, open + 1)) continue;
    if (isKnown(outKnown, close) || isKnown(outKnown, close - 1)) continue;
    done.add(`${run.start}`);
    while (lines.length < close) lines.push('');
    // Blank a comment tail at the start (` */` closing a comment opened in unknown lines) …
    const body = lines.slice(run.start - 1, run.end);
    const firstClose = body.findIndex((l) => l.includes('*/'));
    const firstOpen = body.findIndex((l) => l.includes('/*'));
    if (firstClose >= 0 && (firstOpen < 0 || firstOpen > firstClose || (firstOpen === firstClose && body[firstClose].indexOf('*/') < body[firstClose].indexOf('/*')))) {
      for (let i = 0; i <= firstClose; i++) lines[run.start - 1 + i] = '';
    }
    // … and a comment head at the end that the known lines never close.
    const lastOpen = body.map((l) => l.lastIndexOf('/*')).reduce((acc, idx, i) => (idx >= 0 ? i : acc), -1);
    const lastClose = body.map((l) => l.lastIndexOf('*/')).reduce((acc, idx, i) => (idx >= 0 ? i : acc), -1);
    if (lastOpen >= 0 && (lastOpen > lastClose || (lastOpen === lastClose && body[lastOpen].lastIndexOf('/*') > body[lastOpen].lastIndexOf('*/')))) {
      for (let i = lastOpen; i < body.length; i++) lines[run.start - 1 + i] = '';
    }
    lines[open - 1] = s.heading.trim();
    lines[close - 1] = '};';
    outKnown.push({ start: open, end: open }, { start: close, end: close });
  }
  outKnown = outKnown.sort((a, b) => a.start - b.start);
  return { text: lines.join('\n'), known: outKnown };
}
