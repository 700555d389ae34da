/**
 * Finds the diff hunk of a patch that produced a given post-image line, so a
 * finding can be shown next to the lines that caused it.
 */

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
  const out: FoundHunk[] = [];
  let inFile = false;
  let current: FoundHunk | null = null;
  let newLine = 0;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      inFile = raw.endsWith(` b/${file}`);
      current = null;
      continue;
    }
    if (!inFile) continue;
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (header) {
      current = { header: raw, lines: [] };
      out.push(current);
      newLine = Number(header[1]);
      continue;
    }
    if (!current) continue;
    const kind = raw[0];
    if (kind === '+') current.lines.push({ kind: '+', text: raw.slice(1), newLine: newLine++ });
    else if (kind === ' ' || raw === '') current.lines.push({ kind: ' ', text: raw.slice(1), newLine: newLine++ });
    else if (kind === '-') current.lines.push({ kind: '-', text: raw.slice(1), newLine: null });
    else if (kind !== '\\') current = null;
  }
  return out;
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
