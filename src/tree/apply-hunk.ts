/**
 * Applies one hunk to an image the way patch(1) does: look for the hunk's old
 * lines at the expected place, then further away (offset), check whether the
 * hunk is already applied (its new lines are there), tolerate whitespace-only
 * differences (mail damage), and finally drop up to two lines of leading and
 * trailing context (fuzz). Pure: returns the new image and what happened.
 */
import type { HunkResult, HunkStatus } from './images.ts';
import type { Hunk, HunkLine } from './patch-model.ts';
import { type Cell, type WorkImage, extendTo, isKnown } from './work-image.ts';

export const MAX_FUZZ = 2;

/** Where the previous hunks of the same file left things (current-image coordinates). */
export interface ApplyCursor {
  /** Lines added minus lines removed by the hunks applied so far. */
  shift: number;
  /** Offset at which the previous hunk was found (patch(1) guesses the next hunk moved alike). */
  lastOffset: number;
  /** Hunks apply in order: a hunk cannot land before the end of the previous one. */
  floor: number;
}

export const START_CURSOR: ApplyCursor = { shift: 0, lastOffset: 0, floor: 0 };

export interface HunkApplication {
  result: HunkResult;
  image: WorkImage;
  cursor: ApplyCursor;
}

type Comparison = 'strict' | 'whitespace';

interface Attempt {
  compare: Comparison;
  reverse: boolean;
  fuzz: number;
}

/** Order of attempts: exact context first, then "already applied", then whitespace-insensitive, then fuzz. */
const ATTEMPTS: Attempt[] = [
  { compare: 'strict', reverse: false, fuzz: 0 },
  { compare: 'strict', reverse: true, fuzz: 0 },
  { compare: 'whitespace', reverse: false, fuzz: 0 },
  { compare: 'whitespace', reverse: true, fuzz: 0 },
  ...[1, 2].flatMap((fuzz) => [
    { compare: 'strict' as const, reverse: false, fuzz },
    { compare: 'whitespace' as const, reverse: false, fuzz },
  ]),
];

/** 0-based index in the original file where the hunk's old lines start. */
export function hunkStartIndex(hunk: Hunk): number {
  return hunk.oldLines === 0 ? hunk.oldStart : Math.max(0, hunk.oldStart - 1);
}

export function applyHunk(image: WorkImage, hunk: Hunk, cursor: ApplyCursor): HunkApplication {
  const claimed = hunkStartIndex(hunk) + cursor.shift;
  if (hunk.malformed) return failed(image, hunk, cursor, hunk.malformed);
  const oldCount = hunk.lines.filter((l) => l.op !== '+').length;
  const img = extendTo(image, claimed + cursor.lastOffset + oldCount + 1);

  const prefix = leadingContext(hunk.lines);
  const suffix = trailingContext(hunk.lines);
  for (const attempt of ATTEMPTS) {
    if (attempt.fuzz > 0 && sameDrops(attempt.fuzz, attempt.fuzz - 1, prefix, suffix)) continue;
    const dropPre = attempt.reverse ? 0 : Math.min(attempt.fuzz, prefix);
    const dropSuf = attempt.reverse ? 0 : Math.min(attempt.fuzz, suffix);
    const lines = hunk.lines.slice(dropPre, hunk.lines.length - dropSuf);
    const pattern = lines.filter((l) => l.op !== (attempt.reverse ? '-' : '+')).map((l) => l.text);
    if (attempt.reverse && (pattern.length === 0 || !lines.some((l) => l.op === '+'))) continue;

    const expected = claimed + dropPre + cursor.lastOffset;
    const anchor =
      attempt.fuzz === 0 && !attempt.reverse
        ? {
            start: prefix < suffix && hunk.oldStart <= 1,
            end: suffix < prefix && img.tail === null,
          }
        : { start: false, end: false };
    const at = findPattern(img.cells, pattern, expected, cursor.floor, attempt.compare, anchor);
    if (at === null) continue;

    const offset = at - (claimed + dropPre);
    if (attempt.reverse) {
      const newCount = hunk.lines.length - oldCount;
      return {
        result: result(hunk, 'already-applied', offset, 0, at + 1, 'its new lines are already present'),
        image: img,
        cursor: { shift: cursor.shift + newCount - oldCount, lastOffset: offset, floor: at + pattern.length },
      };
    }
    const { image: next, written, consumed } = replaceAt(img, at, lines, hunk);
    const status: HunkStatus =
      attempt.compare === 'whitespace' ? 'whitespace' : attempt.fuzz > 0 ? 'fuzz' : offset === 0 ? 'exact' : 'offset';
    const reason =
      attempt.compare === 'whitespace'
        ? 'matched only when ignoring whitespace; context lines kept from the base, added lines taken as written'
        : undefined;
    return {
      result: result(hunk, status, offset, attempt.fuzz, at - dropPre + 1, reason),
      image: next,
      cursor: { shift: cursor.shift + written - consumed, lastOffset: offset, floor: at + written },
    };
  }
  return failed(img, hunk, cursor, failureReason(img.cells, hunk, claimed + cursor.lastOffset));
}

function result(
  hunk: Hunk,
  status: HunkStatus,
  offset: number,
  fuzz: number,
  newStart: number | undefined,
  reason?: string,
): HunkResult {
  const r: HunkResult = { status, offset, fuzz, header: hunk.header };
  if (newStart !== undefined) r.newStart = newStart;
  if (reason !== undefined) r.reason = reason;
  return r;
}

function failed(image: WorkImage, hunk: Hunk, cursor: ApplyCursor, reason: string): HunkApplication {
  return { result: result(hunk, 'failed', 0, 0, undefined, reason), image, cursor };
}

function failureReason(cells: readonly Cell[], hunk: Hunk, expected: number): string {
  const oldCount = hunk.lines.filter((l) => l.op !== '+').length;
  const window = cells.slice(Math.max(0, expected), expected + oldCount);
  if (window.length < oldCount || window.some((c) => !isKnown(c))) {
    return 'its context is not in the known part of the file (lines the diff context does not show)';
  }
  return `its context was not found (tried offsets across the file, ignoring whitespace, and fuzz up to ${MAX_FUZZ})`;
}

/** Fuzz f drops min(f, context) lines at each end; a level that drops nothing new is not worth trying. */
function sameDrops(f: number, g: number, prefix: number, suffix: number): boolean {
  return Math.min(f, prefix) === Math.min(g, prefix) && Math.min(f, suffix) === Math.min(g, suffix);
}

function leadingContext(lines: HunkLine[]): number {
  let n = 0;
  while (n < lines.length && lines[n]!.op === ' ') n++;
  return n === lines.length ? 0 : n;
}

function trailingContext(lines: HunkLine[]): number {
  let n = 0;
  while (n < lines.length && lines[lines.length - 1 - n]!.op === ' ') n++;
  return n === lines.length ? 0 : n;
}

/** Collapses runs of whitespace and ignores it at both ends (what mail damage changes). */
export function normaliseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function matchesAt(
  cells: readonly Cell[],
  pattern: readonly string[],
  at: number,
  compare: Comparison,
  normalised: readonly string[] | null,
): boolean {
  for (let k = 0; k < pattern.length; k++) {
    const cell = cells[at + k];
    if (!isKnown(cell)) return false;
    if (compare === 'strict' ? cell !== pattern[k] : normaliseWhitespace(cell) !== normalised![k]) return false;
  }
  return true;
}

/** Searches outward from `expected` (expected, +1, -1, +2, …) within [floor, end]. */
export function findPattern(
  cells: readonly Cell[],
  pattern: readonly string[],
  expected: number,
  floor: number,
  compare: Comparison,
  anchor: { start: boolean; end: boolean } = { start: false, end: false },
): number | null {
  const last = cells.length - pattern.length;
  if (last < floor) return null;
  if (anchor.start) return floor === 0 && matchesAt(cells, pattern, 0, compare, norm(pattern, compare)) ? 0 : null;
  if (anchor.end) return matchesAt(cells, pattern, last, compare, norm(pattern, compare)) ? last : null;
  if (pattern.length === 0) return Math.min(Math.max(expected, floor), cells.length);
  const normalised = norm(pattern, compare);
  const start = Math.min(Math.max(expected, floor), last);
  for (let d = 0; start + d <= last || start - d >= floor; d++) {
    if (start + d <= last && matchesAt(cells, pattern, start + d, compare, normalised)) return start + d;
    if (d > 0 && start - d >= floor && matchesAt(cells, pattern, start - d, compare, normalised)) return start - d;
  }
  return null;
}

function norm(pattern: readonly string[], compare: Comparison): string[] | null {
  return compare === 'whitespace' ? pattern.map(normaliseWhitespace) : null;
}

/** Writes the hunk at `at`: context lines are kept from the image, '-' lines dropped, '+' lines written. */
function replaceAt(
  image: WorkImage,
  at: number,
  lines: readonly HunkLine[],
  hunk: Hunk,
): { image: WorkImage; written: number; consumed: number } {
  const out: Cell[] = [];
  let i = at;
  for (const line of lines) {
    if (line.op === ' ') out.push(image.cells[i++]!);
    else if (line.op === '-') i++;
    else out.push(line.text);
  }
  const cells = [...image.cells.slice(0, at), ...out, ...image.cells.slice(i)];
  const reachesEnd = i >= image.cells.length && image.tail === null;
  const noEol = reachesEnd ? hunk.newNoEol : image.noEol;
  return { image: { cells, tail: image.tail, noEol }, written: out.length, consumed: i - at };
}
