/**
 * A file's content while patches are applied to it: one cell per line, each
 * either its known text or, for a base reconstructed from diff context, a
 * reference to the base line it stands for (content unknown).
 */
import type { FileImage, KnownRange } from './images.ts';

/** An unknown line: line `line` (1-based) of the base of `path`. */
export interface UnknownLine {
  path: string;
  line: number;
}

export type Cell = string | UnknownLine;

export interface WorkImage {
  cells: Cell[];
  /** When the end of the file is not known: the base line that the first
   *  position past the last cell stands for (unknown lines continue from it).
   *  null when the file ends at the last cell. */
  tail: UnknownLine | null;
  /** The last line has no terminating newline. */
  noEol: boolean;
}

export function isKnown(cell: Cell | undefined): cell is string {
  return typeof cell === 'string';
}

/** A fully known image of `text` (git's line model: '\n'-terminated lines). */
export function imageFromText(text: string): WorkImage {
  if (text === '') return { cells: [], tail: null, noEol: false };
  const noEol = !text.endsWith('\n');
  const cells = (noEol ? text : text.slice(0, -1)).split('\n');
  return { cells, tail: null, noEol };
}

/** Makes sure positions [0, length) exist, extending an open tail with unknown cells. */
export function extendTo(image: WorkImage, length: number): WorkImage {
  if (image.tail === null || image.cells.length >= length) return image;
  const cells = image.cells.slice();
  let line = image.tail.line;
  while (cells.length < length) cells.push({ path: image.tail.path, line: line++ });
  return { cells, tail: { path: image.tail.path, line }, noEol: image.noEol };
}

export function knownRanges(cells: readonly Cell[]): KnownRange[] {
  const ranges: KnownRange[] = [];
  cells.forEach((cell, i) => {
    if (!isKnown(cell)) return;
    const last = ranges[ranges.length - 1];
    if (last && last.end === i) last.end = i + 1;
    else ranges.push({ start: i + 1, end: i + 1 });
  });
  return ranges;
}

export function isFullyKnown(image: WorkImage): boolean {
  return image.tail === null && image.cells.every(isKnown);
}

/** The contract form: known lines at their line numbers, unknown lines empty. */
export function toFileImage(image: WorkImage | null): FileImage {
  if (image === null) return { text: null, known: [], lineCount: null };
  const known = knownRanges(image.cells);
  const shown = image.tail === null ? image.cells.length : (known[known.length - 1]?.end ?? 0);
  const lines = image.cells.slice(0, shown).map((c) => (isKnown(c) ? c : ''));
  const endsWithoutNewline = image.tail === null && image.noEol;
  const text = lines.length === 0 ? '' : lines.join('\n') + (endsWithoutNewline ? '' : '\n');
  return { text, known, lineCount: image.tail === null ? image.cells.length : null };
}

/** The file's text when every line is known, else null. */
export function fullText(image: WorkImage): string | null {
  return isFullyKnown(image) ? toFileImage(image).text : null;
}
