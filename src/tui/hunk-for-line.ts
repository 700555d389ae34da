/**
 * Finds the diff hunk of a patch that produced a given post-image line, so a
 * finding can be shown next to the lines that caused it. The diff is read
 * with the tree stage's patch parser.
 */
import { parsePatch } from '../tree/parse-patch.ts';

export interface HunkLine {
  kind: '+' | '-' | ' ';
  text: string;
  /** Post-image line number for '+' and ' ' lines. */
  newLine: number | null;
}

export interface FoundHunk {
  header: string;
  lines: HunkLine[];
}

/** All hunks of `file` in `diff`, with post-image line numbers. */
export function hunksOfFile(diff: string, file: string): FoundHunk[] {
  let files;
  try {
    files = parsePatch(diff, 'patch');
  } catch {
    return [];
  }
  const fp = files.find((f) => f.newPath === file || (f.newPath === null && f.oldPath === file));
  if (!fp) return [];
  return fp.hunks.map((h) => {
    let next = h.newStart;
    return {
      header: h.header,
      lines: h.lines.map((l) => ({ kind: l.op, text: l.text, newLine: l.op === '-' ? null : next++ })),
    };
  });
}

/** The hunk containing `line` of the post-image of `file`, or the nearest one before it. */
export function hunkForLine(diff: string, file: string, line: number | null): FoundHunk | null {
  const hunks = hunksOfFile(diff, file);
  if (hunks.length === 0) return null;
  if (line === null) return hunks[0];
  const within = hunks.find((h) => h.lines.some((l) => l.newLine === line));
  if (within) return within;
  const before = hunks.filter((h) => (h.lines.find((l) => l.newLine !== null)?.newLine ?? Infinity) <= line);
  return before[before.length - 1] ?? hunks[0];
}
