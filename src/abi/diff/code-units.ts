/**
 * The kernel code a patch changed, as units the code-reading rules can scan:
 * each function of the post-image that a hunk touches (when the front end found
 * it), else each contiguous run of known lines around a hunk (diff context),
 * named from the hunk heading when that names a function.
 */
import type { FunctionDef } from '../../c/type-model.ts';
import type { FileImage, HunkResult } from '../../tree/images.ts';
import type { CodeUnit } from '../rules/rule.ts';
import { parseHunkHeader } from './hunk-sections.ts';
import { blankCutComments } from './cut-comments.ts';

export interface ChangedRange {
  start: number;
  end: number;
  heading: string;
}

export function changedRanges(hunks: HunkResult[]): ChangedRange[] {
  const out: ChangedRange[] = [];
  for (const h of hunks) {
    if (h.status === 'failed') continue;
    const p = parseHunkHeader(h.header);
    if (!p) continue;
    const start = h.newStart ?? p.newStart + h.offset;
    out.push({ start, end: start + Math.max(p.newLines, 1) - 1, heading: p.heading });
  }
  return out;
}

function functionName(heading: string): string | null {
  const m = /([A-Za-z_]\w*)\s*\([^;]*$/.exec(heading);
  if (!m || /^(if|for|while|switch|return|sizeof)$/.test(m[1])) return null;
  return /=\s*\{?\s*$/.test(heading) ? null : m[1];
}

export function codeUnits(path: string, image: FileImage, ranges: ChangedRange[], functions: FunctionDef[]): CodeUnit[] {
  if (!image.text) return [];
  const lines = image.text.split('\n');
  // Diff context: each known run is cut out of the file; blank comment fragments at its edges.
  const full = image.known.length === 1 && image.known[0].start === 1 && (image.lineCount === null || image.known[0].end >= image.lineCount);
  if (!full) {
    for (const k of image.known) {
      const fixed = blankCutComments(lines.slice(k.start - 1, k.end));
      fixed.forEach((l, i) => { lines[k.start - 1 + i] = l; });
    }
  }
  const slice = (a: number, b: number) => lines.slice(a - 1, b).join('\n');
  const units: CodeUnit[] = [];
  const covered = new Set<number>();
  for (const f of functions) {
    // the unit's own functions: static inlines from its headers have lines of other files
    if (f.loc.file !== path) continue;
    if (!ranges.some((r) => r.start <= f.endLine && r.end >= f.loc.line)) continue;
    units.push({ path, name: f.name, startLine: f.loc.line, text: slice(f.loc.line, f.endLine), ...(full ? {} : { partial: true }) });
    // A hunk within the function is read as the function. In a whole file, so is one that spans
    // several functions: each is a unit, and what lies between them is no code to read.
    ranges.forEach((r, i) => { if ((r.start >= f.loc.line && r.end <= f.endLine) || (full && r.start <= f.endLine && r.end >= f.loc.line)) covered.add(i); });
  }
  const seen = new Set<number>();
  ranges.forEach((r, i) => {
    if (covered.has(i)) return;
    // diff context: the known run around the hunk; a whole file: the hunk's own lines
    const run = (full ? undefined : image.known.find((k) => r.start >= k.start && r.start <= k.end)) ?? { start: r.start, end: r.end };
    if (seen.has(run.start)) return;
    seen.add(run.start);
    units.push({ path, name: functionName(r.heading), startLine: run.start, text: slice(run.start, run.end), ...(full ? {} : { partial: true }) });
  });
  // Runs of the same function (several hunks in one function) read better together.
  const merged: CodeUnit[] = [];
  for (const u of units) {
    const prev = merged.find((m) => m.name !== null && m.name === u.name && m.path === u.path);
    if (prev && !functions.some((f) => f.name === u.name)) {
      const gap = u.startLine - (prev.startLine + prev.text.split('\n').length);
      prev.text += '\n'.repeat(Math.max(1, gap + 1)) + u.text;
    } else merged.push({ ...u });
  }
  return merged;
}
