/**
 * Picks the diff lines a reviewer would keep when replying to a patch: the
 * change block that produced a post-image line, with a little context, and
 * quotes them mail-style (`> `). Works on the unified diff text of one patch.
 */

export interface DiffLine {
  kind: '+' | '-' | ' ';
  /** The diff line as written, including its leading `+`, `-` or space. */
  raw: string;
  /** Post-image line number for `+` and context lines. */
  newLine: number | null;
}

export interface Hunk {
  file: string;
  /** The `diff --git` line of the file the hunk belongs to. */
  fileHeader: string;
  /** The `@@ … @@` line. */
  header: string;
  lines: DiffLine[];
}

export interface Excerpt {
  file: string;
  fileHeader: string;
  hunkIndex: number;
  /** Index of the first quoted line within its hunk. */
  start: number;
  header: string;
  lines: string[];
  /** True when lines of the change block had to be left out. */
  trimmed: boolean;
  /** Identity of the excerpt, so findings on the same lines share one quote. */
  key: string;
}

/**
 * Every hunk of every file in a unified diff, with post-image line numbers.
 * Hunk bodies are read by the line counts of their `@@` header, so a mail
 * trailer (`-- ` and the git version) is never taken for diff lines.
 */
export function parseHunks(diff: string): Hunk[] {
  const hunks: Hunk[] = [];
  let file: string | null = null;
  let fileHeader = '';
  let current: Hunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  for (const raw of diff.replace(/\r\n/g, '\n').split('\n')) {
    if (current && (oldLeft > 0 || newLeft > 0)) {
      const kind = raw === '' ? ' ' : raw[0];
      if (kind === '+') {
        current.lines.push({ kind: '+', raw, newLine: newLine++ });
        newLeft--;
        continue;
      }
      if (kind === '-') {
        current.lines.push({ kind: '-', raw, newLine: null });
        oldLeft--;
        continue;
      }
      if (kind === ' ') {
        current.lines.push({ kind: ' ', raw: raw || ' ', newLine: newLine++ });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (kind === '\\') continue;
      current = null; // damaged hunk: stop reading it
    }
    const git = /^diff --git a\/(.+?) b\/(.+)$/.exec(raw);
    if (git) {
      file = git[2]!;
      fileHeader = raw;
      continue;
    }
    const plus = /^\+\+\+ (?:b\/)?(.+)$/.exec(raw);
    if (plus) {
      if (plus[1] !== '/dev/null') file = plus[1]!.replace(/\t.*$/, '');
      if (!fileHeader) fileHeader = `diff --git a/${file} b/${file}`;
      continue;
    }
    const header = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(raw);
    if (header && file !== null) {
      current = { file, fileHeader, header: raw, lines: [] };
      hunks.push(current);
      oldLeft = header[1] === undefined ? 1 : Number(header[1]);
      newLine = Number(header[2]);
      newLeft = header[3] === undefined ? 1 : Number(header[3]);
    }
  }
  return hunks;
}

function changeBlock(lines: DiffLine[], at: number): [number, number] {
  if (lines[at]!.kind === ' ') return [at, at];
  let start = at;
  let end = at;
  while (start > 0 && lines[start - 1]!.kind !== ' ') start--;
  while (end + 1 < lines.length && lines[end + 1]!.kind !== ' ') end++;
  return [start, end];
}

/** Index of the line in `h` that best stands for post-image line `line`. */
function lineIndex(h: Hunk, line: number | null): number {
  if (line !== null) {
    const exact = h.lines.findIndex((l) => l.newLine === line);
    if (exact >= 0) return exact;
  }
  const firstChange = h.lines.findIndex((l) => l.kind !== ' ');
  return firstChange >= 0 ? firstChange : 0;
}

function hunkSpan(h: Hunk): [number, number] {
  const numbered = h.lines.filter((l) => l.newLine !== null).map((l) => l.newLine!);
  return numbered.length === 0 ? [0, -1] : [numbered[0]!, numbered[numbered.length - 1]!];
}

/**
 * The excerpt of `diff` that shows post-image line `line` of `file` (or the
 * first change of the file when the line is unknown or outside every hunk),
 * at most `maxLines` diff lines. Null when the patch does not touch `file`.
 */
export function excerptFor(diff: string, file: string, line: number | null, maxLines = 12): Excerpt | null {
  const all = parseHunks(diff);
  const hunks = all.filter((h) => h.file === file);
  if (hunks.length === 0) return null;
  let hunk = hunks[0]!;
  if (line !== null) {
    const containing = hunks.find((h) => {
      const [a, b] = hunkSpan(h);
      return line >= a && line <= b;
    });
    if (containing) hunk = containing;
  }
  const at = lineIndex(hunk, line);
  // A finding on an unchanged line that opens a change (a struct whose body
  // changed) is shown with that change.
  const opensChange = hunk.lines[at]!.kind === ' ' && at + 1 < hunk.lines.length && hunk.lines[at + 1]!.kind !== ' ';
  let [start, end] = changeBlock(hunk.lines, at);
  if (opensChange) end = changeBlock(hunk.lines, at + 1)[1];
  // Context a reviewer keeps: up to two lines before, one after.
  let before = 0;
  while (before < 2 && start > 0 && hunk.lines[start - 1]!.kind === ' ') { start--; before++; }
  if (end + 1 < hunk.lines.length && hunk.lines[end + 1]!.kind === ' ') end++;
  let trimmed = false;
  if (end - start + 1 > maxLines) {
    trimmed = true;
    start = Math.max(start, at - (maxLines - 3));
    end = Math.min(end, start + maxLines - 1);
  }
  const hunkIndex = all.indexOf(hunk);
  return {
    file,
    fileHeader: hunk.fileHeader,
    hunkIndex,
    start,
    header: hunk.header,
    lines: hunk.lines.slice(start, end + 1).map((l) => l.raw),
    trimmed,
    key: `${hunkIndex}:${start}-${end}`,
  };
}

/** Mail quoting: `> ` before every line, no trailing whitespace. */
export function quote(lines: string[]): string[] {
  return lines.map((l) => `> ${l}`.replace(/\s+$/, ''));
}
