/**
 * Split the body of a patch mail into commit message, diff and the
 * `base-commit:` trailer, the way `git am` reads it:
 * commit message, `---`, diffstat, the diff, then the signature ("-- ").
 *
 * The end of the diff is found by counting hunk lines (the @@ header says how
 * many old and new lines follow), so a trailing signature or a `base-commit:`
 * block is never mistaken for diff content — even when the diff itself was
 * whitespace-damaged.
 */

export interface PatchBody {
  /** Text above the `---` separator (or above the diff when there is none), trailing blank lines removed. */
  commitMessage: string;
  /** The unified diff, from its first header line to the end of its last hunk; '' when the body has none. */
  diff: string;
  baseCommit: string | null;
  /** Lines inside hunks without a diff prefix (wrapped or otherwise damaged by mail); kept in `diff`. */
  damagedLines: number;
}

const BASE_COMMIT = /^base-commit:[ \t]*([0-9a-f]{7,64})[ \t]*$/m;
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const FILE_HEADER =
  /^(?:diff --git |diff -|index |--- |\+\+\+ |new file mode |deleted file mode |old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files |Index: |={6,}$)/;

/** Index of the line where the diff starts, or -1. */
function findDiffStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('diff --git ')) return i;
    if (line.startsWith('Index: ') && /^={6,}/.test(lines[i + 1] ?? '')) return i;
    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ') && HUNK.test(lines[i + 2] ?? '')) return i;
  }
  return -1;
}

/** A git/b4 signature: "-- " followed by a line that cannot be diff content (e.g. "2.52.0"), or nothing. */
function isSignature(lines: string[], i: number): boolean {
  if (lines[i] !== '-- ') return false;
  const next = lines[i + 1];
  return next === undefined || (next !== '' && !/^[-+ \\@]/.test(next));
}

/**
 * One past the last line of the diff starting at `start`, and how many lines
 * inside hunks had no diff prefix (mail damage such as wrapped lines). Such
 * lines are kept, so a damaged hunk never hides the hunks after it; a hunk
 * that runs short ends at the next file or hunk header.
 */
function findDiffEnd(lines: string[], start: number): { end: number; damaged: number } {
  let i = start;
  let end = start;
  let damaged = 0;
  while (i < lines.length) {
    const line = lines[i];
    const hunk = HUNK.exec(line);
    if (hunk) {
      let oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      let newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      i++;
      while (i < lines.length) {
        const l = lines[i];
        if (l.startsWith('\\')) {
          i++; // "\ No newline at end of file"
          continue;
        }
        if (oldLeft <= 0 && newLeft <= 0) break;
        if (l.startsWith('diff --git ') || HUNK.test(l) || isSignature(lines, i) || /^base-commit: /.test(l)) break;
        if (l.startsWith('+')) newLeft--;
        else if (l.startsWith('-')) oldLeft--;
        else if (l.startsWith(' ') || l === '') {
          oldLeft--;
          newLeft--;
        } else damaged++;
        i++;
      }
      end = i;
      continue;
    }
    if (line === 'GIT binary patch') {
      i++;
      while (i < lines.length && (lines[i] === '' || /^(?:literal|delta) \d+$/.test(lines[i]) || /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]*$/.test(lines[i]))) i++;
      while (i > start && lines[i - 1] === '') i--;
      end = i;
      continue;
    }
    if (line === '') {
      // blank lines between file sections (after a binary patch) — only if another file follows
      let j = i;
      while (j < lines.length && lines[j] === '') j++;
      if (j < lines.length && lines[j].startsWith('diff --git ')) {
        i = j;
        continue;
      }
      break;
    }
    if (FILE_HEADER.test(line)) {
      i++;
      end = i;
      continue;
    }
    break;
  }
  return { end, damaged };
}

function trimTrailingBlankLines(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && lines[n - 1].trim() === '') n--;
  return lines.slice(0, n);
}

export function splitPatchBody(body: string): PatchBody {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const diffStart = findDiffStart(lines);
  const messageEnd = diffStart === -1 ? lines.length : diffStart;
  let separator = -1;
  for (let i = 0; i < messageEnd; i++) {
    if (lines[i] === '---') {
      separator = i;
      break;
    }
  }
  const commitMessage = trimTrailingBlankLines(lines.slice(0, separator === -1 ? messageEnd : separator)).join('\n');
  let diff = '';
  let damagedLines = 0;
  let outside = lines.slice(0, messageEnd).join('\n');
  if (diffStart !== -1) {
    const { end: diffEnd, damaged } = findDiffEnd(lines, diffStart);
    damagedLines = damaged;
    const diffLines = lines.slice(diffStart, diffEnd);
    diff = diffLines.length > 0 ? `${diffLines.join('\n')}\n` : '';
    outside += `\n${lines.slice(diffEnd).join('\n')}`;
  }
  const base = BASE_COMMIT.exec(outside);
  return { commitMessage, diff, baseCommit: base ? base[1] : null, damagedLines };
}
