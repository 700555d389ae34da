/**
 * Diff-context images know only the lines the hunks show; the struct, union
 * or enum a hunk edits is often named only in the hunk's section heading
 * (`@@ -113,6 +113,23 @@ struct dma_buf_ops {`, `@@ … @@ enum nl80211_attrs {`). This puts that heading back
 * around the known lines — an opening line and a closing `};` on unknown lines,
 * each separated from the known run by one still-unknown line — so the C front
 * end sees a partial record (or an enum whose values count from an unknown
 * start, partial-records.ts) with unknown stretches at both ends instead of
 * stray member declarations; a hunk that shows the body's `};` gets no
 * closing line (the declarations after it are read at file scope). Comment
 * fragments cut by the edges are blanked. Only hunks that start inside the
 * body qualify (bodyInside below).
 */
import type { KnownRange } from '../../tree/images.ts';
import { scanCodeBraces } from '../../c/code-braces.ts';
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

const RECORD_HEADING = /^\s*(?:typedef\s+)?(struct|union|enum)\s+([A-Za-z_]\w*)\s*\{\s*$/;
/** An unnamed enum (`enum {`, `typedef enum {`): its enumerators are constants, compared by name whatever the enum. */
const UNNAMED_ENUM_HEADING = /^\s*(?:typedef\s+)?enum\s*\{\s*$/;

function isKnown(known: KnownRange[], line: number): boolean {
  return known.some((k) => line >= k.start && line <= k.end);
}

export function restoreRecordSections(text: string, known: KnownRange[], sections: Section[]): { text: string; known: KnownRange[] } {
  const lines = text.split('\n');
  let outKnown = [...known];
  const done = new Set<string>();
  for (const s of sections) {
    const unnamed = UNNAMED_ENUM_HEADING.test(s.heading);
    if (!unnamed && !RECORD_HEADING.test(s.heading)) continue;
    const run = outKnown.find((k) => s.line >= k.start && s.line <= k.end);
    if (!run || done.has(`${run.start}`)) continue;
    if (openedBefore(lines, outKnown, run.start, s.heading)) continue;
    const body = blankCutComments(lines.slice(run.start - 1, run.end));
    const inside = bodyInside(body);
    if (inside === null) continue;
    const open = run.start - 2;
    const close = run.end + 2;
    if (open < 1 || isKnown(outKnown, open) || isKnown(outKnown, open + 1)) continue;
    // a body the hunk shows the end of needs no closing line
    if (!inside.closes && (isKnown(outKnown, close) || isKnown(outKnown, close - 1))) continue;
    done.add(`${run.start}`);
    if (!inside.closes) while (lines.length < close) lines.push('');
    body.forEach((l, i) => { lines[run.start - 1 + i] = l; });
    // an unnamed typedef's name is on a line the diff does not show
    lines[open - 1] = unnamed ? 'enum {' : s.heading.trim();
    outKnown.push({ start: open, end: open });
    if (!inside.closes) {
      lines[close - 1] = '};';
      outKnown.push({ start: close, end: close });
    }
  }
  outKnown = outKnown.sort((a, b) => a.start - b.start);
  return { text: lines.join('\n'), known: outKnown };
}

/**
 * Whether an earlier hunk shows the heading's own line (`struct foo {`) with
 * no closing brace at column 0 shown after it: the body is already open
 * there, and a second opening line would declare the record twice.
 */
function openedBefore(lines: readonly string[], known: KnownRange[], before: number, heading: string): boolean {
  const want = heading.trim();
  for (let line = before - 1; line >= 1; line--) {
    if (!isKnown(known, line)) continue;
    const text = lines[line - 1]!;
    if (/^\}/.test(text)) return false;
    if (text.trim() === want) return true;
  }
  return false;
}

/**
 * Whether `body` (a hunk's known lines, cut comments blanked) starts inside
 * the heading's body, and whether it shows that body's closing brace; null
 * when it does not start inside it. Kernel style indents everything inside a
 * struct or enum: the first line of code is indented (or is the closing
 * `};`), and no line starts in column 0 with an identifier (what git's
 * section heading looks for) before the body closes, else the heading's
 * construct ended earlier (git picks the last such line before the hunk,
 * whether or not it is still open).
 */
function bodyInside(body: readonly string[]): { closes: boolean } | null {
  const first = body.find((l) => l.trim() !== '');
  if (first === undefined || !/^(\t| +[^ *]|\})/.test(first)) return null;
  let depth = 1;
  let comment = false;
  for (const line of body) {
    if (!comment && /^[A-Za-z_$]/.test(line)) return null;
    const scan = scanCodeBraces(line, comment, (brace) => {
      depth += brace === '{' ? 1 : -1;
      return depth === 0;
    });
    if (scan.stopped) return { closes: true };
    comment = scan.inComment;
  }
  return { closes: false };
}
