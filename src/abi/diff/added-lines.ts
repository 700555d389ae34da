/**
 * The lines a change added to a file: those of the new version's known lines
 * that the old version's known lines do not account for, counted as a
 * multiset of their text (a line moved within the file, or a context line
 * the hunks show on both sides, is not added). Works alike for whole files
 * and for diff-context images, whose unknown lines are blank.
 */
import type { FileImage } from '../../tree/images.ts';
import type { AddedLine } from './types.ts';

function knownLines(image: FileImage): { line: number; text: string }[] {
  if (!image.text) return [];
  const lines = image.text.split('\n');
  const out: { line: number; text: string }[] = [];
  for (const k of image.known) {
    for (let n = k.start; n <= Math.min(k.end, lines.length); n++) out.push({ line: n, text: lines[n - 1]! });
  }
  return out;
}

export function addedLines(before: FileImage | null, after: FileImage | null): AddedLine[] {
  if (!after) return [];
  const had = new Map<string, number>();
  for (const l of before ? knownLines(before) : []) {
    const key = l.text.trim();
    had.set(key, (had.get(key) ?? 0) + 1);
  }
  const out: AddedLine[] = [];
  for (const l of knownLines(after)) {
    const key = l.text.trim();
    const left = had.get(key) ?? 0;
    if (left > 0) had.set(key, left - 1);
    else if (key !== '') out.push(l);
  }
  return out;
}
