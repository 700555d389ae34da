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
 * body qualify (bodyInside below). A hunk indented as inside an aggregate
 * nested in that body gets the nested levels opened too (NestedHunk), and
 * closed after it as far as it leaves them open.
 */
import type { KnownRange } from '../../tree/images.ts';
import { codeOnly, scanCodeBraces } from '../../c/code-braces.ts';
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

/**
 * A hunk that starts inside an aggregate nested in the heading's body (kernel
 * style indents its members twice: `\t\t__u8 __user *p_u8;`), whose opening
 * line the diff does not show, nor its kind. Read as the heading's own
 * members, a union's members would seem to move each other (v4l2_ext_control's
 * union of pointers). Nested aggregates alternate in uAPI headers (in 6.12's
 * include/uapi: a struct's nested bodies are unions 513 times, structs 50; a
 * union's are structs 123 times, unions 2; one level further, structs again),
 * so the levels the hunk starts below the heading are opened alternating from
 * the heading's kind, and named in a note.
 */
export interface NestedHunk {
  /** The known lines of the hunk. */
  start: number;
  end: number;
  heading: string;
  /** The kinds opened between the heading and the hunk's lines, outermost first. */
  kinds: ('struct' | 'union')[];
}

/**
 * `joinHunks`: a hunk under the same heading as the one before it, at the
 * depth that one left open with nothing known between, continues its body
 * (continuesBody) rather than declaring the record again. On the 6.1 → 6.12
 * uAPI change that found 29 member additions the tree finds (bpf_attr,
 * drm_amdgpu_info_device, v4l2_ext_control…) and lost none; in in-kernel
 * headers, whose long structs mix #ifdef blocks and declarations cut by hunk
 * edges into the bodies it joins, it lost as many findings as it found
 * (fs.h, sched.h), so callers ask for it for uAPI headers only.
 */
export function restoreRecordSections(text: string, known: KnownRange[], sections: Section[], joinHunks = false): { text: string; known: KnownRange[]; nested: NestedHunk[] } {
  const lines = text.split('\n');
  let outKnown = [...known];
  const done = new Set<string>();
  const nested: NestedHunk[] = [];
  /** The body the last run put back and left open, closed on `closeAt` (see continuesBody). */
  let last: OpenBody | null = null;
  for (const s of [...sections].sort((a, b) => a.line - b.line)) {
    const unnamed = UNNAMED_ENUM_HEADING.test(s.heading);
    const heading = RECORD_HEADING.exec(s.heading);
    if (!unnamed && !heading) continue;
    const run = outKnown.find((k) => s.line >= k.start && s.line <= k.end);
    if (!run || done.has(`${run.start}`)) continue;
    if (openedBefore(lines, outKnown, run.start, s.heading)) continue;
    const body = blankCutComments(lines.slice(run.start - 1, run.end));
    const inside = bodyInside(body, !unnamed && heading?.[1] !== 'enum');
    if (inside === null) continue;
    const close = run.end + 2;
    const roomAfter = !isKnown(outKnown, close) && !isKnown(outKnown, close - 1);
    // A later hunk of the same body (same heading, at the depth the last one left open, nothing known
    // between): the body goes on across the lines between, so the last closing line goes, no heading
    // is put back, and this run closes what it leaves open.
    // (Not under `enum {`: the next unnamed enum has the same heading.)
    if (joinHunks && last && !unnamed && continuesBody(last, s.heading.trim(), inside.levels, run.start, outKnown) && (inside.open === 0 || roomAfter)) {
      lines[last.closeAt - 1] = '';
      outKnown = outKnown.filter((k) => !(k.start === last!.closeAt && k.end === last!.closeAt));
      last = putBack(run, body, inside, close, s.heading.trim());
      continue;
    }
    const kinds = alternating(heading?.[1] === 'union' ? 'union' : 'struct', inside.levels - 1);
    // The heading two lines above the run (one still-unknown line between); nested levels open on the
    // line just above it, so the unknown line stands before them in the heading's body (where the
    // members of unknown stretches go: partial-records.ts), and what they hold is not placed at offset 0.
    const open = run.start - (kinds.length > 0 ? 3 : 2);
    if (open < 1 || isKnown(outKnown, open) || isKnown(outKnown, open + 1) || isKnown(outKnown, run.start - 1)) continue;
    // levels whose closing brace the hunk does not show get theirs after it
    if (inside.open > 0 && !roomAfter) continue;
    // (an unnamed typedef's name is on a line the diff does not show)
    lines[open - 1] = unnamed ? 'enum {' : s.heading.trim();
    outKnown.push({ start: open, end: open });
    if (kinds.length > 0) {
      lines[run.start - 2] = `\t${kinds.map((k) => `${k} {`).join(' ')}`; // indented: not read as file scope (diff-context-text.ts)
      outKnown.push({ start: run.start - 1, end: run.start - 1 });
      nested.push({ start: run.start, end: run.end, heading: s.heading.trim(), kinds });
    }
    last = putBack(run, body, inside, close, s.heading.trim());
  }
  outKnown = outKnown.sort((a, b) => a.start - b.start);
  return { text: lines.join('\n'), known: outKnown, nested };

  /** Writes the run's lines back (cut comments blanked) and closes the levels it leaves open; what it left open. */
  function putBack(run: KnownRange, body: string[], inside: BodyPlace, close: number, heading: string): OpenBody | null {
    done.add(`${run.start}`);
    body.forEach((l, i) => { lines[run.start - 1 + i] = l; });
    if (inside.open === 0) return null;
    while (lines.length < close) lines.push('');
    lines[close - 1] = Array.from({ length: inside.open }, () => '};').join(' ');
    outKnown.push({ start: close, end: close });
    return inside.depth ? { heading, depth: inside.depth, runEnd: run.end, closeAt: close } : null;
  }
}

/** A body a run put back and left `depth` levels open, closed on line `closeAt` after the run (ending on `runEnd`). */
interface OpenBody {
  heading: string;
  depth: number;
  runEnd: number;
  closeAt: number;
}

/**
 * Whether a run starting on `start`, under `heading` and `levels` deep, goes
 * on in the body `last` left open: the same heading, the depth it left, and
 * no known line between them but `last`'s closing line.
 */
function continuesBody(last: OpenBody, heading: string, levels: number, start: number, known: KnownRange[]): boolean {
  if (last.heading !== heading || last.depth !== levels || start <= last.runEnd) return false;
  for (let l = last.runEnd + 1; l < start; l++) if (l !== last.closeAt && isKnown(known, l)) return false;
  return true;
}

/** Deepest nesting below a heading a hunk is read at (kernel style: one tab per level). */
const MAX_NESTING = 4;

/** `count` kinds, each the other of the one before, the first the other of `outer`. */
function alternating(outer: 'struct' | 'union', count: number): ('struct' | 'union')[] {
  const out: ('struct' | 'union')[] = [];
  for (let k = outer; out.length < count; ) out.push((k = k === 'struct' ? 'union' : 'struct'));
  return out;
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
 * the heading's body, and if so how many levels below the heading's line
 * (1: in its body; 2: in an aggregate nested in it) and how many are still
 * open after it (0: it shows the heading's closing brace); null when it does
 * not start inside it. Kernel style indents everything inside a struct or
 * enum: the first line of code is indented (or is the closing `};`), and no
 * line starts in column 0 with an identifier (what git's section heading
 * looks for) before the body closes, else the heading's construct ended
 * earlier (git picks the last such line before the hunk, whether or not it
 * is still open).
 *
 * Levels below the first (records only) are read from the indentation: one
 * tab per level, the least indentation of the code before the first closing
 * brace, and only when every closing brace's own indentation is the level it
 * leaves open (kernel style), the heading's in column 0. Otherwise the hunk
 * is read one level deep, as its first line of code is no sure guide (the
 * tail of a declaration or of a comment cut by the hunk's edge).
 */
function bodyInside(body: readonly string[], nests: boolean): BodyPlace | null {
  const first = body.find((l) => l.trim() !== '');
  if (first === undefined || !/^(\t| +[^ *]|\})/.test(first)) return null;
  let depth = 1;
  let comment = false;
  let closes = false;
  for (const line of body) {
    if (!comment && /^[A-Za-z_$]/.test(line)) return null;
    const scan = scanCodeBraces(line, comment, (brace) => {
      depth += brace === '{' ? 1 : -1;
      return depth === 0;
    });
    if (scan.stopped) {
      closes = true;
      break;
    }
    comment = scan.inComment;
  }
  const code = codeOnly(body);
  return (nests ? nestedPlace(code) : null) ?? { levels: 1, open: closes ? 0 : 1, depth: openAfter(code, 1) };
}

/** Where a hunk's lines stand below its heading (see bodyInside). */
interface BodyPlace {
  /** Levels below the heading's line the lines start at (1: in its body). */
  levels: number;
  /** Levels they leave open, which get closing lines after them (counting only the heading's at 1 level). */
  open: number;
  /** Levels open after them, every brace counted, null when their braces do not fit their indentation: a later hunk continues there. */
  depth: number | null;
}

/** Where a record hunk's `code` (comments and literals blanked) starts by its indentation, two or more levels deep (see bodyInside); null when it cannot tell or is one level deep. */
function nestedPlace(code: readonly string[]): BodyPlace | null {
  let least = Infinity;
  let directive = false;
  for (const line of code) {
    // directives and their continuation lines (`\t\t\t_IOW(KVMIO, 0x67, …)`) are no members
    const continued: boolean = directive;
    directive = (continued || /^\s*#/.test(line)) && /\\\s*$/.test(line);
    if (continued || /^\s*#/.test(line)) continue;
    if (/^\s*\}/.test(line)) break;
    // only a declaration's last line (`;`) or an opening (`{`) tells its level; a line cut from one does not
    if (/[;{]\s*$/.test(line)) least = Math.min(least, indentLevel(line));
  }
  if (!Number.isFinite(least) || least < 2 || least > MAX_NESTING) return null;
  const depth = openAfter(code, least);
  return depth === null ? null : { levels: least, open: depth, depth };
}

/** Levels still open after `code` (comments and literals blanked) read from `levels` deep, or null when a closing brace's indentation does not fit. */
function openAfter(code: readonly string[], levels: number): number | null {
  let depth = levels;
  for (const line of code) {
    if (/^\s*#/.test(line)) continue;
    const closing = /^\s*\}/.test(line);
    let first = true;
    for (const ch of line) {
      if (ch !== '{' && ch !== '}') continue;
      depth += ch === '{' ? 1 : -1;
      if (ch === '}' && first && closing && depth !== indentLevel(line)) return null;
      first = false;
      if (depth === 0) return 0;
      if (depth < 0) return null;
    }
  }
  return depth;
}

/** Indentation in kernel-style levels: a tab, or eight spaces. */
function indentLevel(line: string): number {
  let level = 0;
  let spaces = 0;
  for (const ch of line) {
    if (ch === '\t') {
      level++;
      spaces = 0;
    } else if (ch === ' ') {
      if (++spaces === 8) {
        level++;
        spaces = 0;
      }
    } else break;
  }
  return level;
}
